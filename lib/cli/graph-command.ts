/**
 * `sfn graph NAME|FILE [--format mermaid|svg|dot] [--out FILE]`: the diagram of a workflow of the
 * project or of a template file, on stdout or written (atomically) to a file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { formatProblem, SourceError } from '../asl/problem';
import type { ExecutionResult } from '../engine/types';
import { toDot } from '../graph/dot';
import { toMermaid } from '../graph/mermaid';
import { buildGraph } from '../graph/model';
import { executionOverlay } from '../graph/overlay';
import { renderForGraph, workflowSource, type GraphSource } from '../graph/source';
import { toSvg } from '../graph/svg';
import { writeFileAtomic, WriteError } from '../graph/write-file';
import { UnknownWorkflowError } from '../project/load';
import { UsageError, type CliIo } from './io';
import { cliDeclarations } from './project';
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
  const path = resolve(io.cwd, target);
  if (existsSync(path) && statSync(path).isFile()) {
    const file = relative(io.cwd, path) || target;
    const source = renderForGraph(readFileSync(path, 'utf8'), file, readValues(io.cwd, options.var, options.vars));
    return { ...source, name: file.replace(/^.*[/\\]/, '').replace(/\.asl\.json$|\.json$/, '') };
  }
  if (/[/\\]|\.json$/.test(target)) throw new UsageError(`${target}: no such file`);
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
      if (e instanceof WriteError) throw new UsageError(`--out: ${e.message}`);
      throw e;
    }
    io.stderr(`wrote ${options.out}\n`);
  }
  return 0;
}

/** Fails early (before a run) when `--graph FILE` cannot be written: its folder must exist. */
export function checkGraphOut(io: CliIo, file: string): void {
  const path = resolve(io.cwd, file);
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory()) throw new UsageError(`--graph ${file}: the folder ${relative(io.cwd, dirname(path)) || '.'} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--graph ${file}: is a directory`);
}

/** `sfn run --graph FILE.svg`: the diagram with the execution's path. False (and a message) when it cannot be written. */
export async function writeExecutionGraph(io: CliIo, file: string, definition: unknown, result: ExecutionResult, title: string): Promise<boolean> {
  const graph = buildGraph(definition);
  const svg = await toSvg(graph, { title, overlay: executionOverlay(graph, result) });
  try {
    writeFileAtomic(resolve(io.cwd, file), svg);
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    io.stderr(`sfn: --graph: ${e.message}\n`);
    return false;
  }
  io.stderr(`wrote ${file}\n`);
  return true;
}
