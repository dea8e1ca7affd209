/**
 * What a failed run prints (`sfn run`, `npm start`): the state that failed, the error, and the
 * cause made readable. A Lambda function's error document (`{"errorType", "errorMessage",
 * "trace"}`, the cause AWS records for a function that throws) is shown as its message and its
 * stack, without the frames of the toolkit that called the handler; handler frames are mapped to
 * the `.ts` sources when the handler was loaded with its source map (lib/bundle/module.ts).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { relative } from 'node:path';
import type { ExecutionResult } from '../engine/types';

/** The state an execution failed at, from its history: the state whose failure was not caught, or the Fail state it reached. */
export function failingState(events: HistoryEvent[]): { name: string; type: string } | undefined {
  const open: Array<{ name: string; type: string; order: number }> = [];
  let candidate: { name: string; type: string; order: number } | undefined;
  let lastFailure = -1;
  events.forEach((e, order) => {
    const type = e.type ?? '';
    if (type.endsWith('StateEntered') && e.stateEnteredEventDetails?.name) {
      open.push({ name: e.stateEnteredEventDetails.name, type: type.replace(/StateEntered$/, ''), order });
    } else if (type.endsWith('StateExited') && e.stateExitedEventDetails?.name) {
      const at = open.map((s) => s.name).lastIndexOf(e.stateExitedEventDetails.name);
      if (at >= 0) open.splice(at, 1);
    } else if (/(Failed|TimedOut)$/.test(type) && !/^(Execution|MapIteration|MapRun|ParallelState|MapState)/.test(type)) {
      candidate = open[open.length - 1];
      lastFailure = order;
    }
  });
  // A state entered after the last task failure and never left (a Fail state, a Pass whose path
  // failed) ended the execution; otherwise the state whose task failed did.
  const last = open[open.length - 1];
  if (last && last.order > lastFailure) return { name: last.name, type: last.type };
  return candidate && { name: candidate.name, type: candidate.type };
}

interface ErrorDocument {
  errorType?: string;
  errorMessage?: string;
  trace?: string[];
}

function errorDocument(cause: string | undefined): ErrorDocument | undefined {
  if (cause === undefined || !cause.startsWith('{')) return undefined;
  try {
    const doc = JSON.parse(cause) as ErrorDocument;
    return typeof doc === 'object' && doc !== null && typeof doc.errorMessage === 'string' ? doc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A handler's stack, readable: the frames of its own code (paths relative to `cwd`), without
 * Node's internals and the toolkit's frames (`toolkitRoots`: the folders of the running toolkit).
 */
export function handlerFrames(trace: string[], cwd: string, toolkitRoots: string[]): string[] {
  const frames = trace.filter((l) => /^\s+at /.test(l));
  const here = `${cwd.replace(/\/$/, '')}/`;
  // A folder of the toolkit that holds the project itself (a fixture project under lib/) does not hide the project's frames.
  const toolkit = (l: string) => toolkitRoots.some((r) => l.includes(r) && !(here.includes(r) && l.includes(here) && !l.includes(`${here}node_modules/`)));
  const own = frames.filter((l) => !/\(node:|^\s+at node:|\(<anonymous>\)/.test(l) && !toolkit(l));
  return own.map((l) => l.replace(/(\(|at )(\/[^():]+)(:\d+:\d+)/, (_m, pre: string, file: string, pos: string) => `${pre}${relative(cwd, file) || file}${pos}`));
}

/** The lines a failed run prints on stderr. */
export function describeFailure(result: ExecutionResult, options: { cwd: string; toolkitRoots: string[] }): string {
  const state = failingState(result.events);
  const where = state ? ` at state "${state.name}" (${state.type})` : '';
  const lines = [`${result.status}${where}: ${result.error ?? 'no error name'}`];
  const doc = errorDocument(result.cause);
  if (doc) {
    lines.push(`  ${doc.errorType && doc.errorType !== result.error ? `${doc.errorType}: ` : ''}${doc.errorMessage}`);
    for (const frame of handlerFrames(doc.trace ?? [], options.cwd, options.toolkitRoots)) lines.push(`    ${frame.trim()}`);
  } else if (result.cause) {
    lines.push(...result.cause.split('\n').map((l) => `  ${l}`));
  }
  return `${lines.join('\n')}\n`;
}
