/**
 * Helpers shared by the module tests (and test/app.test.ts): temporary projects, reading the
 * synthesized Terraform JSON, IAM policy documents inside it, and a small evaluator of
 * Terraform string templates (what Terraform does to a string of the JSON configuration).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import type { AwsContext } from '../aws-context';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

/** A fixed account context: ARNs and policies come out as plain strings. */
export const AWS: AwsContext = { region: 'eu-west-1', accountId: '123456789012', partition: 'aws' };

/** A handler that echoes its event, without imports. */
export const ECHO_HANDLER = 'export const handler = async (event: unknown) => ({ echoed: event });\n';

export interface TempProject {
  root: string;
  /** Writes `functions/<name>/src/index.ts` (or another file under `functions/<name>/src/`). */
  writeFunction(name: string, source: string, file?: string): void;
  /** Writes `statemachine/<name>.asl.json`. */
  writeTemplate(name: string, text: string): void;
  /** Writes any file of the project (`file` relative to its root), creating its folder. */
  writeFile(file: string, text: string): void;
  /** Links this repository's node_modules into the project, for handlers that import packages. */
  linkNodeModules(): void;
  /** Removes the project (the node_modules link first, never followed). */
  cleanup(): void;
}

const REPO_NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');

/** A temporary project root holding `functions/` and `statemachine/`. */
export function tempProject(prefix = 'sfn-cdktf-test-'): TempProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const link = path.join(root, 'node_modules');
  const writeFile = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  return {
    root,
    writeFunction: (name, source, file = 'index.ts') => writeFile(path.join('functions', name, 'src', file), source),
    writeTemplate: (name, text) => writeFile(path.join('statemachine', `${name}.asl.json`), text),
    writeFile,
    linkNodeModules() {
      fs.symlinkSync(REPO_NODE_MODULES, link, 'dir');
    },
    cleanup() {
      if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(link);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A stack's synthesized Terraform JSON: its text (`cdk.tf.json`) and parsed. */
export interface SynthesizedStack {
  text: string;
  json: Json;
}

/** Every stack of a synthesized outdir (`<outdir>/stacks/<stack>/cdk.tf.json`), by name. */
export function readStacks(outdir: string): Record<string, SynthesizedStack> {
  const out: Record<string, SynthesizedStack> = {};
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
    const text = fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
    out[name] = { text, json: JSON.parse(text) };
  }
  return out;
}

/** Temporary folders for one test file: `mkdtemp(prefix)` makes one; all are removed after the file's tests. */
export function scratchFolders(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Synthesizes the app `build` makes for an outdir into a temporary one, and reads back its stacks (the folder is removed). */
export function synthesizeStacks(build: (outdir: string) => { synth(): void }): Record<string, SynthesizedStack> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-cdktf-synth-'));
  try {
    build(outdir).synth();
    return readStacks(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The JSON of each stack. */
export const stackJson = (stacks: Record<string, SynthesizedStack>): Record<string, Json> => Object.fromEntries(Object.entries(stacks).map(([name, s]) => [name, s.json]));

/** A fresh stack in a fresh Testing app. */
export function newStack(id = 'test'): TerraformStack {
  return new TerraformStack(Testing.app(), id);
}

export function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** The resources of `type`, by Terraform name (empty when there are none). */
export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The names of the resources of `type`. */
export function names(json: Json, type: string): string[] {
  return Object.keys(resources(json, type));
}

/** The only resource of `type`, with its Terraform name. */
export function only(json: Json, type: string): { name: string; r: Json } {
  const all = names(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}: ${all.join(', ')}`);
  return { name: all[0], r: resources(json, type)[all[0]] };
}

/** The only resource of `type` whose attributes satisfy `match`. */
export function find(json: Json, type: string, match: (r: Json) => boolean): { name: string; r: Json } {
  const hits = Object.entries(resources(json, type)).filter(([, r]) => match(r));
  if (hits.length !== 1) throw new Error(`expected exactly one matching ${type}, found ${hits.length}`);
  return { name: hits[0][0], r: hits[0][1] };
}

/** `${<type>.<name>.<attr>}`, a Terraform reference as it appears in the JSON. */
export const ref = (type: string, name: string, attr: string): string => `\${${type}.${name}.${attr}}`;

export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: Json;
  Action: string[];
  Resource: string[];
  Condition?: Json;
}

/** Parses a policy document, with Action and Resource always as arrays. */
export function parsePolicy(text: string): { Version: string; Statement: Statement[] } {
  const doc = JSON.parse(text);
  const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).map((s: Json) => ({
    ...s,
    Action: list(s.Action),
    Resource: list(s.Resource),
  }));
  return { Version: doc.Version, Statement: statements };
}

/** The role policies' statements of the role whose ARN is `roleArnRef`. */
export function roleStatements(json: Json, roleArnRef: string): Statement[] {
  const roleName = Object.keys(resources(json, 'aws_iam_role')).find((n) => roleArnRef === ref('aws_iam_role', n, 'arn'));
  expect(roleName).toBeDefined();
  return Object.values(resources(json, 'aws_iam_role_policy'))
    .filter((p) => p.role === ref('aws_iam_role', roleName!, 'id'))
    .flatMap((p) => parsePolicy(p.policy).Statement);
}

/** Every action of the statements that allow something. */
export function allowedActions(statements: Statement[]): string[] {
  return statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action);
}

/**
 * Evaluates a string of a Terraform JSON configuration as Terraform does (a string template):
 * `$${` is a literal `${`, `%%{` a literal `%{`, `${expr}` an interpolation and `%{` a directive.
 * Interpolations may be references (looked up in `refs`, or left as `<ref:...>` when absent) or
 * quoted string literals. Anything else throws, as it would make Terraform fail or change the text.
 */
export function evaluateTerraformString(text: string, refs: Record<string, string> = {}): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (text.startsWith('%%{', i)) {
      out += '%{';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const close = text.indexOf('}', i + 2);
      if (close < 0) throw new Error(`unterminated interpolation at offset ${i}`);
      const expr = text.slice(i + 2, close).trim();
      if (/^"(?:[^"\\]|\\.)*"$/.test(expr)) out += JSON.parse(expr);
      else if (/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(expr)) out += refs[expr] ?? `<ref:${expr}>`;
      else throw new Error(`invalid Terraform expression \${${expr}} at offset ${i}`);
      i = close + 1;
    } else if (text.startsWith('%{', i)) {
      throw new Error(`Terraform template directive %{ at offset ${i}`);
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Entries of a zip archive (central directory), read without any zip library. */
export function zipEntryNames(archive: Buffer): string[] {
  const eocd = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(eocd + 10);
  let p = archive.readUInt32LE(eocd + 16);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    if (archive.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const nameLength = archive.readUInt16LE(p + 28);
    const extraLength = archive.readUInt16LE(p + 30);
    const commentLength = archive.readUInt16LE(p + 32);
    out.push(archive.subarray(p + 46, p + 46 + nameLength).toString('utf8'));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}
