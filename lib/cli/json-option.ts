/** A JSON document given on the command line: the JSON text itself, or `@FILE` (read from the current folder). */
import { parseJson } from '../asl/json-source';
import { SourceError } from '../asl/problem';
import type { Json } from '../engine/types';
import { readCliFile, UsageError, type CliIo } from './io';

export interface JsonOptionLimit {
  /** The most bytes (UTF-8) of JSON text the option takes. */
  maxBytes?: number;
  /** What the limit is AWS's of, for the message ("execution input (StartExecution)"). */
  limitOf?: string;
}

/**
 * The value of `--<option> JSON|@FILE`; a usage error names the option (or file) and where the JSON
 * breaks. A file is read as every file named on the command line (regular files only, UTF-8).
 */
export function readJsonOption(io: CliIo, raw: string, option: string, limit: JsonOptionLimit = {}): Json {
  let text = raw;
  let file = option;
  try {
    if (raw.startsWith('@')) {
      file = raw.slice(1);
      if (file === '') throw new UsageError(`${option} @FILE: the file name is missing after "@"`);
      text = readCliFile(io.cwd, file, option).text;
    }
    const bytes = Buffer.byteLength(text);
    if (limit.maxBytes !== undefined && bytes > limit.maxBytes)
      throw new UsageError(
        `${option}${file === option ? '' : ` ${file}`} is ${bytes.toLocaleString('en-US')} bytes: AWS takes at most ${limit.maxBytes.toLocaleString('en-US')} bytes of ${limit.limitOf ?? 'it'}`,
      );
    return parseJson(text, file).value as Json;
  } catch (e) {
    if (e instanceof SourceError) throw new UsageError(`${option} is not valid JSON: ${e.message}`);
    throw e;
  }
}
