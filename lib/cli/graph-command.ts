/**
 * `sfn graph NAME|FILE [--format mermaid|svg|dot] [--out FILE]`: the diagram of a workflow of the
 * project or of a template file, on stdout or written (atomically) to a file.
 */
import { extname, resolve } from 'node:path';
import { formatProblem, SourceError } from '../asl/problem';
import type { ExecutionResult } from '../engine/types';
import { toDot } from '../graph/dot';
import { toMermaid } from '../graph/mermaid';
import { buildGraph } from '../graph/model';
import { executionOverlay } from '../graph/overlay';
import { renderForGraph, workflowSource, type GraphSource } from '../graph/source';
import { toSvg } from '../graph/svg';
import { writeFileAtomic, WriteError, writeProblem } from './atomic-write';
import { UnknownWorkflowError } from '../project/load';
import { readCliFile, UsageError, type CliIo } from './io';
import { cliDeclarations, isFileTarget } from './project';
import { readValues } from './values';

export const GRAPH_FORMATS = ['mermaid', 'svg', 'dot'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphOptions {
  format?: string;
  out?: string;
  var?: string[];
  vars?: string;
  environment?: string;
}

const BY_EXTENSION: Record<string, GraphFormat> = { '.svg': 'svg', '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid' };

/** The format asked for, or the one the output file's extension names, or Mermaid. */
function formatOf(options: GraphOptions): GraphFormat {
  if (options.format !== undefined) {
    if (!(GRAPH_FORMATS as readonly string[]).includes(options.format)) throw new UsageError(`--format must be one of ${GRAPH_FORMATS.join(', ')}, got ${JSON.stringify(options.format)}`);
    return options.format as GraphFormat;
  }
  return (options.out && BY_EXTENSION[extname(options.out).toLowerCase()]) || 'mermaid';
}

/** The definition of a template file or of a workflow of the project, with the name to title it. */
export function graphSource(io: CliIo, target: string, options: Pick<GraphOptions, 'var' | 'vars' | 'environment'>): GraphSource & { name: string } {
  if (isFileTarget(io.cwd, target)) {
    const { text, label } = readCliFile(io.cwd, target);
    const source = renderForGraph(text, label, readValues(io.cwd, options.var, options.vars));
    return { ...source, name: label.replace(/^.*[/\\]/, '').replace(/\.asl\.json$|\.json$/, '') };
  }
  try {
    const { project } = cliDeclarations(io, options.environment);
    return { ...workflowSource(project.declaration(target, options.environment), project.root), name: target };
  } catch (e) {
    if (e instanceof UnknownWorkflowError) throw new UsageError(`${e.message} (or give a template file)`);
    throw e;
  }
}

export async function runGraph(io: CliIo, target: string, options: GraphOptions): Promise<number> {
  const format = formatOf(options);
  if (options.out !== undefined) checkOutput(io, options.out, '--out');
  let source: GraphSource & { name: string };
  try {
    source = graphSource(io, target, options);
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    for (const p of e.problems) io.stderr(`${formatProblem(p)}\n`);
    return 1;
  }
  const graph = buildGraph(source.definition);
  const text = format === 'svg' ? await toSvg(graph, { title: source.name }) : format === 'dot' ? toDot(graph, source.name) : toMermaid(graph);
  if (options.out === undefined) io.stdout(text);
  else {
    try {
      writeFileAtomic(resolve(io.cwd, options.out), text);
    } catch (e) {
      if (e instanceof WriteError) throw new UsageError(`--out: cannot write ${options.out}: ${e.reason}`);
      throw e;
    }
    io.stderr(`wrote ${options.out}\n`);
  }
  return 0;
}

/** Fails early (before any work) when an output file cannot be written: its folder must exist, and it must not be a directory. */
export function checkOutput(io: CliIo, file: string, option: string): void {
  const problem = writeProblem(resolve(io.cwd, file));
  if (problem !== undefined) throw new UsageError(`${option}: cannot write ${file}: ${problem}`);
}

/** Fails early (before a run) when `--graph FILE` cannot be written. */
export function checkGraphOut(io: CliIo, file: string): void {
  checkOutput(io, file, '--graph');
}

/** `sfn run --graph FILE.svg`: the diagram with the execution's path. False (and a message) when it cannot be written. */
export async function writeExecutionGraph(io: CliIo, file: string, definition: unknown, result: ExecutionResult, title: string): Promise<boolean> {
  const graph = buildGraph(definition);
  const svg = await toSvg(graph, { title, overlay: executionOverlay(graph, result) });
  try {
    writeFileAtomic(resolve(io.cwd, file), svg);
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    io.stderr(`sfn: --graph: cannot write ${file}: ${e.reason}\n`);
    return false;
  }
  io.stderr(`wrote ${file}\n`);
  return true;
}
