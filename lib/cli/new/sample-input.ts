/**
 * A sample input for a definition, from the paths its states read of the execution input
 * (lib/cli/new/paths.ts walks them): from `StartAt`, as long as a state passes its input on (a
 * Choice, a Pass, a Task whose ResultPath keeps the input), every JSONPath it reads becomes a
 * member of the sample, with a value of the type the path is used as (a value that takes the
 * Choice branch running the most of the workflow, a DynamoDB `N` as a number string, an array for
 * `ItemsPath`, holding one item read by the Map's states).
 */
import { IDENTITY, PathWalker, Sample, type Json } from './paths';

/** A sample input for `definition` (`{}` when nothing it reads can be followed). */
export function sampleInputOf(definition: Json): Json {
  const walker = new PathWalker(definition?.States ?? {}, new Sample());
  walker.walk(definition?.StartAt, IDENTITY);
  return walker.sample.root ?? {};
}
