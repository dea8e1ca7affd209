/**
 * The local SSM Parameter Store: parameters by name, each with its type (String, StringList,
 * SecureString), value and version. A SecureString's value is given as plain text only to a
 * request with `WithDecryption`; otherwise, as SSM does, the encrypted value (here AES-256-GCM
 * under a key of this process, base64) is returned (AWS Systems Manager User Guide, "SecureString
 * parameters"; API reference, GetParameter `WithDecryption`). A value may be read later (a
 * component's output: ../local-values.ts).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { AwsServiceError } from '../http/server';
import { unavailable, valueOf, type LocalValue } from '../local-values';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface LocalParameter {
  name: string;
  type: ParameterType;
  value: LocalValue;
  version: number;
  lastModified: Date;
  description?: string;
}

const key = randomBytes(32);

/** The encrypted form of a SecureString's value, as GetParameter gives it without WithDecryption. */
export function encrypted(value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export class LocalParameters {
  private readonly byName = new Map<string, LocalParameter>();
  /** Why a parameter is missing, by name (who reads it without a local value), for ParameterNotFound's message. */
  readonly unvalued = new Map<string, string[]>();

  constructor(
    readonly region = 'us-east-1',
    readonly accountId = '123456789012',
  ) {}

  arn(name: string): string {
    return `arn:aws:ssm:${this.region}:${this.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  }

  /** Creates or overwrites a parameter (PutParameter); returns its version. */
  put(name: string, value: LocalValue, type: ParameterType = 'String', options: { overwrite?: boolean; description?: string } = {}): number {
    const existing = this.byName.get(name);
    if (existing !== undefined && options.overwrite === false)
      throw new AwsServiceError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    const parameter: LocalParameter = { name, type, value, version: (existing?.version ?? 0) + 1, lastModified: new Date(), description: options.description ?? existing?.description };
    this.byName.set(name, parameter);
    return parameter.version;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  delete(name: string): void {
    if (!this.byName.delete(this.nameOf(name))) throw this.notFound(name);
  }

  /** A parameter by name or ARN, with its value now (`name:version` selects a version only when it is the current one). */
  get(selector: string): (LocalParameter & { current: string }) | undefined {
    const m = /^(.*?)(?::(\d+))?$/.exec(this.nameOf(selector)) as RegExpExecArray;
    const p = this.byName.get(m[1]);
    if (p === undefined || (m[2] !== undefined && Number(m[2]) !== p.version)) return undefined;
    const current = valueOf(p.value);
    return current === undefined ? undefined : { ...p, current };
  }

  /** Every parameter whose name starts with `path` (GetParametersByPath). */
  under(path: string, recursive: boolean): string[] {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    return [...this.byName.keys()].filter((n) => n.startsWith(prefix) && (recursive || !n.slice(prefix.length).includes('/'))).sort();
  }

  notFound(name: string): AwsServiceError {
    const readers = this.unvalued.get(this.nameOf(name));
    const declared = this.byName.get(this.nameOf(name));
    const why = declared === undefined ? undefined : unavailable(declared.value);
    const hint = why !== undefined ? why : readers?.length
      ? `it is read by ${readers.join(', ')} (readsParameters) but has no local value: give it one in the workflow's localValues.parameters`
      : "on this machine the parameters are the ones the workflows' localValues.parameters give, and those put with PutParameter";
    return new AwsServiceError('ParameterNotFound', `Parameter ${this.nameOf(name)} not found: ${hint}.`);
  }

  private nameOf(selector: string): string {
    const arn = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(\/.*)$/.exec(selector);
    if (arn === null) return selector;
    // A name without a leading "/" has one in its ARN (`parameter/name`).
    return this.byName.has(arn[1].replace(/:\d+$/, '')) ? arn[1] : arn[1].slice(1);
  }
}
