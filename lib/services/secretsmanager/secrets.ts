/**
 * The local Secrets Manager: secrets by name, each with its versions and their staging labels
 * (AWSCURRENT on the newest, AWSPREVIOUS on the one before; AWS Secrets Manager User Guide,
 * "Secret versions"), and an ARN ending in `-` and six random characters as Secrets Manager gives
 * them. A value may be read later (a component's output: ../local-values.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AwsServiceError } from '../http/server';
import { unavailable, valueOf, type LocalValue } from '../local-values';

export interface SecretVersion {
  id: string;
  string?: LocalValue;
  /** Base64. */
  binary?: string;
  stages: string[];
  created: Date;
}

export interface LocalSecret {
  name: string;
  arn: string;
  description?: string;
  created: Date;
  versions: SecretVersion[];
}

const SUFFIX = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const secretNotFound = (readersHint?: string) =>
  new AwsServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret.${readersHint ? ` ${readersHint}` : ''}`);

export class LocalSecrets {
  private readonly byName = new Map<string, LocalSecret>();
  /** Who reads a secret that has no local value, by name (for the not-found message). */
  readonly unvalued = new Map<string, string[]>();

  constructor(
    readonly region = 'us-east-1',
    readonly accountId = '123456789012',
  ) {}

  create(name: string, value: { string?: LocalValue; binary?: string }, description?: string): { secret: LocalSecret; version?: SecretVersion } {
    if (this.byName.has(name)) throw new AwsServiceError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    const suffix = [...randomBytes(6)].map((b) => SUFFIX[b % SUFFIX.length]).join('');
    const secret: LocalSecret = { name, arn: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${suffix}`, description, created: new Date(), versions: [] };
    this.byName.set(name, secret);
    const version = value.string !== undefined || value.binary !== undefined ? this.putValue(secret, value) : undefined;
    return { secret, version };
  }

  /** A new version, AWSCURRENT (the previous current one becomes AWSPREVIOUS). */
  putValue(secret: LocalSecret, value: { string?: LocalValue; binary?: string }, id: string = randomUUID()): SecretVersion {
    const same = secret.versions.find((v) => v.id === id);
    if (same !== undefined) return same;
    for (const v of secret.versions) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS').map((s) => (s === 'AWSCURRENT' ? 'AWSPREVIOUS' : s));
    const version: SecretVersion = { id, ...value, stages: ['AWSCURRENT'], created: new Date() };
    secret.versions.push(version);
    return version;
  }

  /** A secret by name, full ARN, or ARN without its random suffix. */
  find(id: string): LocalSecret | undefined {
    const arn = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(id);
    if (arn === null) return this.byName.get(id);
    return [...this.byName.values()].find((s) => s.arn === id || s.name === arn[1]);
  }

  get(id: string): LocalSecret {
    const secret = this.find(id);
    if (secret !== undefined) return secret;
    const readers = this.unvalued.get(id);
    throw secretNotFound(readers?.length ? `The secret ${id} is read by ${readers.join(', ')} (readsSecrets) but has no local value: give it one in the workflow's localValues.secrets.` : undefined);
  }

  delete(id: string): LocalSecret {
    const secret = this.get(id);
    this.byName.delete(secret.name);
    return secret;
  }

  get all(): LocalSecret[] {
    return [...this.byName.values()];
  }

  /** The version a request names (VersionId or VersionStage; default AWSCURRENT), with its value now. */
  value(secret: LocalSecret, versionId?: string, stage = 'AWSCURRENT'): SecretVersion & { current?: string } {
    const version = secret.versions.find((v) => (versionId !== undefined ? v.id === versionId : v.stages.includes(stage)));
    const current = version?.string === undefined ? undefined : valueOf(version.string);
    if (version === undefined || (version.binary === undefined && current === undefined)) {
      const why = version?.string === undefined ? undefined : unavailable(version.string);
      throw new AwsServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${versionId !== undefined ? `VersionId: ${versionId}` : `staging label: ${stage}`}${why ? `: ${why}` : ''}`);
    }
    return { ...version, current };
  }
}
