/**
 * The CRM API's HTTP server (runs inside the worker of lib/local/crm-api.ts): an HTTP server on 127.0.0.1 that does what API Gateway does with
 * `api/crm-api.openapi.json` (rendered by the same renderer as the ASL) and hands each request to
 * the same Lambda handlers that are deployed (`functions/crm-api-*`), as REST API proxy events,
 * on the embedded PostgreSQL database of lib/local/crm-database.ts:
 *  - a method that requires the API key (`security: api_key`) without the right `x-api-key`
 *    gets the document's INVALID_API_KEY gateway response (403), before any handler runs;
 *  - a path or method the document does not have gets MISSING_AUTHENTICATION_TOKEN (as API Gateway does);
 *  - a handler that throws or returns a malformed result gets 502, as from API Gateway.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CRM_API, integrationRoutes } from '../crm-api';
import type { ApiGatewayHandler, CrmApiHandler } from '../../functions/_shared/crm/api-handler';
import { Template } from '../../lib/asl/template';
import type { CrmDatabase } from '../../db/local-database';
import { HandlerLoadError, loadProjectHandler } from '../../lib/services/lambda/handler';

export interface CrmApiServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the endpoints are `<url>/create_client`, ...). */
  url: string;
  /** Requests answered, in order. */
  log: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

export interface CrmApiServerOptions {
  apiKey: string;
  database: CrmDatabase;
  /** Project root holding `api/` and `functions/`. */
  projectRoot: string;
}

interface Route {
  handler: ApiGatewayHandler;
  requiresApiKey: boolean;
}

interface GatewayResponse {
  statusCode: number;
  body: string;
  /** API Gateway's `x-amzn-ErrorType` of the response type. */
  errorType: string;
}

type OpenApiOperation = { security?: Array<Record<string, unknown>>; 'x-amazon-apigateway-integration'?: { type?: string } };
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  'x-amazon-apigateway-gateway-responses'?: Record<string, { statusCode: number | string; responseTemplates?: Record<string, string> }>;
}

const LOCAL = { region: 'us-east-1', accountId: '123456789012' };
const functionArn = (name: string) => `arn:aws:lambda:${LOCAL.region}:${LOCAL.accountId}:function:${name}`;

/** The API's routes: each `x-amazon-apigateway-integration` bound, through its URI placeholder, to its handler. */
function loadRoutes(root: string, database: CrmDatabase): { routes: Map<string, Route>; gatewayResponses: OpenApiDocument['x-amazon-apigateway-gateway-responses'] } {
  const template = Template.parse(readFileSync(join(root, CRM_API.document), 'utf8'), CRM_API.document);
  const values: Record<string, string> = { ApiName: 'crm-api (local)', Partition: 'aws', Region: LOCAL.region };
  for (const [placeholder, fn] of Object.entries(CRM_API.functions)) values[placeholder] = functionArn(fn);
  const document = template.renderValue(values) as OpenApiDocument;
  const routes = new Map<string, Route>();
  for (const { placeholder, method, path } of integrationRoutes(template.placeholders)) {
    const fn = (CRM_API.functions as Record<string, string>)[placeholder];
    if (!fn) continue;
    const operation = document.paths[path][method.toLowerCase()];
    const loaded = loadProjectHandler(root, fn) as unknown as Partial<CrmApiHandler>;
    if (typeof loaded.withDatabase !== 'function')
      throw new HandlerLoadError(`function "${fn}" (${CRM_API.document}: ${method} ${path}) does not export a CRM API handler (crmApiHandler)`);
    routes.set(`${method} ${path}`, {
      handler: loaded.withDatabase(database.pool),
      requiresApiKey: (operation.security ?? []).some((s) => 'api_key' in s),
    });
  }
  return { routes, gatewayResponses: document['x-amazon-apigateway-gateway-responses'] };
}

function proxyEvent(req: IncomingMessage, path: string, body: string): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    headers[k] = Array.isArray(v) ? v.join(',') : v;
    multiValueHeaders[k] = Array.isArray(v) ? v : [v];
  }
  const method = req.method ?? 'GET';
  // The shape of a REST API proxy integration's event (payload format 1.0).
  return {
    resource: path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    requestContext: {
      accountId: LOCAL.accountId,
      apiId: 'local',
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: path,
      httpMethod: method,
      path: `/local${path}`,
      protocol: 'HTTP/1.1',
      identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1', apiKey: headers[CRM_API.apiKeyHeader] ?? null },
    },
  } as unknown as APIGatewayProxyEvent;
}

/**
 * API Gateway's payload limit of a REST API: 10 MB, which cannot be increased ("Quotas for
 * configuring and running a REST API in API Gateway": Payload size, 10 MB). API Gateway answers a
 * larger request with its REQUEST_TOO_LARGE gateway response, 413, whose content cannot be
 * customized ("Gateway response types for API Gateway"): the plain text `HTTP content length
 * exceeded 10485760 bytes.` (as a deployed API answers: koki-develop/lgtm-generator#10).
 */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** How long a client may take to send a whole request (ours): a body that arrives slower is cut off (408). */
const REQUEST_TIMEOUT_MS = 30_000;

/** The body, or undefined when it is larger than API Gateway takes (refused as soon as that is known). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_PAYLOAD_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function serveCrmApi(options: CrmApiServerOptions): Promise<CrmApiServer> {
  const { apiKey, database } = options;
  const { routes, gatewayResponses: gateway } = loadRoutes(options.projectRoot, database);
  // A gateway response as API Gateway sends it: the document's status code and template (or the
  // default), with the `x-amzn-ErrorType` and `x-amzn-RequestId` headers API Gateway adds (AWS
  // knowledge center, "troubleshoot HTTP 403 errors from API Gateway": ForbiddenException for an
  // invalid API key, MissingAuthenticationTokenException for a path or method the API does not have).
  const gatewayResponse = (type: string, fallback: GatewayResponse) => {
    const r = gateway?.[type];
    const { statusCode, body } = r ? { statusCode: Number(r.statusCode), body: r.responseTemplates?.['application/json'] ?? fallback.body } : fallback;
    return { statusCode, body, headers: { 'x-amzn-ErrorType': fallback.errorType, 'x-amzn-RequestId': randomUUID() } };
  };

  // A Lambda proxy integration that fails: API Gateway's 502, an InternalServerErrorException.
  const internalError = () => ({ statusCode: 502, body: '{"message": "Internal server error"}', headers: { 'x-amzn-ErrorType': 'InternalServerErrorException', 'x-amzn-RequestId': randomUUID() } });

  const log: CrmApiServer['log'] = [];
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 }, (req, res: ServerResponse) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0];
      const send = (r: { statusCode: number; body: string; headers?: Record<string, unknown> }) => {
        log.push({ method, path, status: r.statusCode });
        res.writeHead(r.statusCode, { 'content-type': 'application/json', ...(r.headers as Record<string, string>) }).end(r.body);
      };
      const route = routes.get(`${method} ${path}`);
      if (!route)
        return send(gatewayResponse('MISSING_AUTHENTICATION_TOKEN', { statusCode: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException' }));
      if (route.requiresApiKey && req.headers[CRM_API.apiKeyHeader] !== apiKey)
        return send(gatewayResponse('INVALID_API_KEY', { statusCode: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException' }));
      const body = await readBody(req);
      if (body === undefined) {
        // Answered at once; the connection is closed rather than the rest of the body read.
        res.setHeader('connection', 'close');
        send({ statusCode: 413, body: `HTTP content length exceeded ${MAX_PAYLOAD_BYTES} bytes.`, headers: { 'content-type': 'text; charset=utf-8' } });
        req.destroy();
        return;
      }
      let result: APIGatewayProxyResult;
      try {
        result = await route.handler(proxyEvent(req, path, body));
      } catch (e) {
        process.stderr.write(`crm-api: ${method} ${path}: the handler failed: ${e instanceof Error ? e.message : String(e)}\n`);
        return send(internalError());
      }
      if (!result || typeof result.statusCode !== 'number') return send(internalError());
      send({ statusCode: result.statusCode, headers: result.headers, body: typeof result.body === 'string' ? result.body : '' });
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
