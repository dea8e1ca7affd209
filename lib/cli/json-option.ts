/** A JSON document given on the command line: the JSON text itself, or `@FILE` (read from the current folder). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJson } from '../asl/json-source';
import { SourceError } from '../asl/problem';
import type { Json } from '../engine/types';
import { UsageError, type CliIo } from './io';

/** The value of `--<option> JSON|@FILE`; a usage error names the option (or file) and where the JSON breaks. */
export function readJsonOption(io: CliIo, raw: string, option: string): Json {
  let text = raw;
  let file = option;
  if (raw.startsWith('@')) {
    file = raw.slice(1);
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch {
      throw new UsageError(`${option}: cannot read ${file}`);
    }
  }
  try {
    return parseJson(text, file).value as Json;
  } catch (e) {
    if (e instanceof SourceError) throw new UsageError(`${option} is not valid JSON: ${e.message}`);
    throw e;
  }
}
