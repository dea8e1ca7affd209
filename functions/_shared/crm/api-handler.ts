/**
 * A CRM API endpoint as a Lambda handler of API Gateway proxy events (REST API, `aws_proxy`
 * integration): the JSON body validated against the endpoint's schema, then stored once per RUT.
 * Answers `{ statusCode, message, description }` (and, on 200, the stored `record`):
 *   200 created or already present, 400 a bad body (the field named; nothing written),
 *   500 the database failed (retryable by the caller: the crm-lead workflow retries CrmApiUnavailable).
 * The API key is checked by API Gateway before the handler runs (403 from the gateway response).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { databaseFromSecret } from './database';
import { insertOnce, type Queryable, type TableSpec } from './tables';

export type ApiGatewayHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** The handler, and the same handler on another database (the local API binds it to PGlite). */
export type CrmApiHandler = ApiGatewayHandler & { withDatabase(database: Queryable | (() => Promise<Queryable>)): ApiGatewayHandler };

function answer(statusCode: number, message: string, description: string, extra: Record<string, unknown> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ statusCode, message, description, ...extra }) };
}

function parseBody(event: APIGatewayProxyEvent): { ok: true; value: unknown } | { ok: false } {
  if (event.body === null || event.body === undefined || event.body === '') return { ok: false };
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function crmApiHandler<F extends string, S extends z.ZodObject>(schema: S, spec: TableSpec<F>): CrmApiHandler {
  const bound = (database: () => Promise<Queryable>): ApiGatewayHandler => async (event) => {
    const body = parseBody(event);
    if (!body.ok) return answer(400, 'Bad Request', 'body: must be a JSON object');
    const parsed = schema.safeParse(body.value);
    if (!parsed.success) {
      const description = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
      return answer(400, 'Bad Request', description);
    }
    const values = parsed.data as Record<F, unknown> & { rut: string };
    try {
      const { record, created } = await insertOnce(await database(), spec, values);
      return answer(200, 'OK', `${spec.noun} ${values.rut} ${created ? 'created' : 'already exists'}`, { record });
    } catch (e) {
      // The details go to the function's log, not to the caller.
      console.error(JSON.stringify({ level: 'ERROR', message: `${spec.table}: ${e instanceof Error ? e.message : String(e)}`, errorType: e instanceof Error ? e.name : typeof e }));
      return answer(500, 'Internal Server Error', `the CRM database could not store the ${spec.noun}`);
    }
  };
  const handler = bound(databaseFromSecret) as CrmApiHandler;
  handler.withDatabase = (database) => bound(typeof database === 'function' ? database : async () => database);
  return handler;
}
