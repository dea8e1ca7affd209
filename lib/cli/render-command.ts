/** `sfn render FILE`: the rendered definition on stdout; exit 1 on any template error. */
import { formatProblem, SourceError } from '../asl/problem';
import { Template } from '../asl/template';
import { readCliFile, type CliIo } from './io';
import { readValues } from './values';

export interface RenderOptions {
  var?: string[];
  vars?: string;
}

export function runRender(io: CliIo, file: string, options: RenderOptions): number {
  let template: Template;
  try {
    const { text, label } = readCliFile(io.cwd, file);
    template = Template.parse(text, label);
  } catch (e) {
    return printProblems(io, e);
  }
  const values = readValues(io.cwd, options.var, options.vars);
  try {
    const out = template.render(values);
    io.stdout(out.endsWith('\n') ? out : `${out}\n`);
    return 0;
  } catch (e) {
    return printProblems(io, e);
  }
}

/** A template's problems on stderr (exit 1); anything else is not a template error and is thrown on. */
function printProblems(io: CliIo, e: unknown): number {
  if (!(e instanceof SourceError)) throw e;
  for (const p of e.problems) io.stderr(`${formatProblem(p)}\n`);
  return 1;
}
