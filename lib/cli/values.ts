/** Placeholder values given on the command line: `--var NAME=VALUE` (strings) and `--vars FILE.json` (typed). */
import { parseJson } from '../asl/json-source';
import { SourceError } from '../asl/problem';
import type { TemplateValue } from '../asl/template';
import { readCliFile, UsageError } from './io';

export function parseVarOption(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function readValues(cwd: string, vars: string[] = [], varsFile?: string): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = {};
  if (varsFile) {
    let parsed: unknown;
    try {
      parsed = parseJson(readCliFile(cwd, varsFile, '--vars').text, varsFile).value;
    } catch (e) {
      if (e instanceof SourceError) throw new UsageError(`--vars: ${e.message}`);
      throw e;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new UsageError(`--vars: ${varsFile} must hold a JSON object of placeholder values, e.g. {"FunctionArn": "arn:..."}`);
    Object.assign(values, parsed);
  }
  for (const v of vars) {
    const eq = v.indexOf('=');
    const name = v.slice(0, eq);
    if (eq < 1 || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name))
      throw new UsageError(`--var ${JSON.stringify(v)}: expected NAME=VALUE with NAME a placeholder name (letters, digits, "_", "-")`);
    values[name] = v.slice(eq + 1);
  }
  return values;
}
