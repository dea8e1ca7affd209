/**
 * The CRM database of a deployed handler: a node-postgres pool to the connection string held by
 * the Secrets Manager secret named in `CRM_DB_SECRET_ARN` (the database is the existing one,
 * possibly on premise; the stack does not create it). Read once per execution environment.
 *
 * The secret's string is either a connection string (`postgres://user:password@host:5432/db?sslmode=require`)
 * or the JSON Secrets Manager uses for database credentials (`{"username", "password", "host", "port", "dbname"}`).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Pool, type PoolConfig } from 'pg';
import type { Queryable } from './tables';

/** The configuration is missing or wrong: the handler answers 500 with this message. */
export class CrmDatabaseConfigError extends Error {
  override name = 'CrmDatabaseConfigError';
}

/** A secret string as node-postgres settings; throws CrmDatabaseConfigError naming what is missing. */
export function poolConfigOf(secret: string, secretId: string): PoolConfig {
  const text = secret.trim();
  if (/^postgres(ql)?:\/\//.test(text)) return { connectionString: text };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CrmDatabaseConfigError(`secret ${secretId} is neither a postgres:// connection string nor JSON`);
  }
  const missing = ['username', 'password', 'host'].filter((k) => typeof json[k] !== 'string' || json[k] === '');
  if (missing.length) throw new CrmDatabaseConfigError(`secret ${secretId} lacks ${missing.join(', ')}`);
  return {
    user: json.username as string,
    password: json.password as string,
    host: json.host as string,
    port: json.port === undefined ? 5432 : Number(json.port),
    database: typeof json.dbname === 'string' ? json.dbname : undefined,
    ssl: json.sslmode === 'disable' ? false : json.sslmode === undefined ? undefined : { rejectUnauthorized: json.sslmode === 'verify-full' },
  };
}

let pending: Promise<Queryable> | undefined;

async function openPool(): Promise<Queryable> {
  const secretId = process.env.CRM_DB_SECRET_ARN?.trim();
  if (!secretId) throw new CrmDatabaseConfigError('CRM_DB_SECRET_ARN is not set');
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString) throw new CrmDatabaseConfigError(`secret ${secretId} has no SecretString`);
  // One request at a time per execution environment: a small pool, idle connections closed.
  return new Pool({ ...poolConfigOf(SecretString, secretId), max: 2, idleTimeoutMillis: 60_000, connectionTimeoutMillis: 5_000 });
}

/** The pool of this execution environment (a failed attempt is not cached). */
export function databaseFromSecret(): Promise<Queryable> {
  if (!pending) {
    const attempt = openPool();
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = undefined;
    });
  }
  return pending;
}
