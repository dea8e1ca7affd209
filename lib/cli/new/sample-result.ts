/**
 * What the workflow reads of a function's result, as a sample result (what `sfn new` makes a
 * generated handler return, so that the workflow runs end to end): for each Task invoking the
 * function, its result (`arn:aws:states:::lambda:invoke` wraps it as `{ Payload: <result>,
 * StatusCode, ... }`: "Invoke an AWS Lambda function with Step Functions"; a function's ARN as
 * `Resource` gives it as is) is followed through the Task's ResultSelector, ResultPath and
 * OutputPath into the states after it, which read paths of it (lib/cli/new/paths.ts walks them).
 */
import { allStates, NOTHING, PathWalker, Sample, type Json, type View } from './paths';

/** What the Task gives as its result, seen from the function's result; undefined when the Task does not return it (a callback, a JSONata state). */
function resultView(task: Json): View | undefined {
  if (task?.Type !== 'Task' || task.QueryLanguage === 'JSONata' || typeof task.Resource !== 'string') return undefined;
  if (task.Resource === 'arn:aws:states:::lambda:invoke') return (p) => (p[0] === 'Payload' ? p.slice(1) : undefined);
  if (task.Resource.startsWith('arn:aws:states:::')) return undefined;
  return (p) => p;
}

/**
 * A sample result of the function the states named `tasks` invoke (merged when several do), or
 * undefined when the workflow reads nothing of it (its handler can return anything, its event).
 */
export function sampleResultOf(definition: Json, tasks: readonly string[]): Json | undefined {
  const sample = new Sample();
  for (const [states, name, s] of allStates(definition)) {
    const view = tasks.includes(name) ? resultView(s) : undefined;
    if (!view) continue;
    const walker = new PathWalker(states, sample);
    walker.walk(s.Next, walker.follow(s, NOTHING, view));
  }
  return sample.root;
}
