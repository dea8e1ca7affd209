/**
 * The local CRM API end to end over HTTP: API Gateway's part (API key, routes, gateway responses)
 * from api/crm-api.openapi.json, the deployed handlers of functions/crm-api-*, and rows in the
 * embedded PostgreSQL database created by db/migrations.
 */
import { rutVerifierDigit } from '../../functions/_shared/rut';
import { startLocalCrmApi, type LocalCrmApi } from '../local/crm-api';

const repo = `${__dirname}/../..`;
let crm: LocalCrmApi;
beforeAll(async () => (crm = await startLocalCrmApi({ apiKey: 'k', projectRoot: repo })), 60_000);
afterAll(() => crm?.close());

let next = 30_000_000;
/** A valid RUT no other test uses. */
const freshRut = () => {
  const body = String(next++);
  return `${body}-${rutVerifierDigit(body)}`;
};

type Body = { statusCode: number; message: string; description: string; record?: Record<string, unknown> };
const post = (path: string, body: unknown, key: string | null = 'k') =>
  fetch(`${crm.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Body }));

const counts = async () => ({
  clients: (await crm.rows('clients')).length,
  partners: (await crm.rows('partners')).length,
  benefit: (await crm.rows('benefit')).length,
});
const client = (rut: string) => ({ name: 'Alice', lastname: 'Cooper', rut, mail: 'a@example.com', phone: '54545454' });
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

test('creates a client row with the seed\'s columns, a primary key and timestamps; a repeated request returns it and writes nothing', async () => {
  const rut = freshRut();
  const first = await post('/create_client', client(rut));
  expect(first).toEqual({
    status: 200,
    body: {
      statusCode: 200,
      message: 'OK',
      description: `client ${rut} created`,
      record: { id: expect.any(Number), ...client(rut), createdAt: ISO, updatedAt: ISO },
    },
  });
  const before = await counts();
  const again = await post('/create_client', { ...client(rut), name: 'Someone Else' });
  expect(again.status).toBe(200);
  expect(again.body.description).toBe(`client ${rut} already exists`);
  // The record already stored, not the new request's data.
  expect(again.body.record).toEqual(first.body.record);
  expect(await counts()).toEqual(before);
  expect((await crm.rows('clients')).filter((r) => r.rut === rut)).toEqual([first.body.record]);
});

test('partner and benefit rows', async () => {
  const rut = freshRut();
  const partner = await post('/create_partner', { rut, store: 'CENTRAL' });
  expect(partner.body).toMatchObject({ statusCode: 200, description: `partner ${rut} created`, record: { rut, store: 'CENTRAL', id: expect.any(Number) } });
  const benefit = await post('/create_benefit', { rut, wantsBenefit: false });
  expect(benefit.body).toMatchObject({ statusCode: 200, record: { rut, wantsBenefit: false, createdAt: ISO } });
  expect((await post('/create_benefit', { rut, wantsBenefit: true })).body).toMatchObject({ description: `benefit ${rut} already exists`, record: { wantsBenefit: false } });
  expect((await crm.rows('benefit')).filter((r) => r.rut === rut)).toHaveLength(1);
});

test('a lowercase k verifier is stored uppercase, so both spellings are one row', async () => {
  // 10000013-K: a RUT whose verifier digit is K.
  let body = 10_000_000;
  while (rutVerifierDigit(String(body)) !== 'K') body++;
  expect((await post('/create_partner', { rut: `${body}-k`, store: 'S' })).body.description).toBe(`partner ${body}-K created`);
  expect((await post('/create_partner', { rut: `${body}-K`, store: 'S' })).body.description).toBe(`partner ${body}-K already exists`);
});

test('a missing or wrong API key is the 403 gateway response, and nothing is written', async () => {
  const before = await counts();
  for (const key of [null, 'nope']) {
    expect(await post('/create_client', client(freshRut()), key)).toEqual({
      status: 403,
      body: { statusCode: 403, message: 'Forbidden', description: 'missing or wrong x-api-key' },
    });
  }
  expect((await post('/create_benefit', { rut: freshRut(), wantsBenefit: true }, null)).status).toBe(403);
  expect(await counts()).toEqual(before);
});

test('gateway responses carry the headers API Gateway adds: x-amzn-ErrorType and x-amzn-RequestId', async () => {
  const send = (path: string, key?: string) => fetch(`${crm.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: '{}' });
  const forbidden = await send('/create_client');
  expect([forbidden.status, forbidden.headers.get('x-amzn-errortype'), forbidden.headers.get('content-type')]).toEqual([403, 'ForbiddenException', 'application/json']);
  expect(forbidden.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  const missing = await send('/delete_client', 'k');
  expect([missing.status, missing.headers.get('x-amzn-errortype')]).toEqual([404, 'MissingAuthenticationTokenException']);
  // A handler's own answer is not a gateway response.
  const bad = await send('/create_client', 'k');
  expect([bad.status, bad.headers.get('x-amzn-errortype')]).toEqual([400, null]);
});

test('the embedded database runs with a small shared_buffers (PGlite keeps it in WebAssembly memory)', async () => {
  expect((await crm.session.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '16MB' }]);
});

test('a bad body is 400 naming the field, and nothing is written', async () => {
  const before = await counts();
  const rut = freshRut();
  expect(await post('/create_client', { ...client(rut), mail: 'not-an-email' })).toEqual({
    status: 400,
    body: { statusCode: 400, message: 'Bad Request', description: expect.stringMatching(/^mail: /) },
  });
  expect((await post('/create_client', { ...client(rut), name: 'x'.repeat(26) })).body.description).toBe('name: must be at most 25 characters');
  expect((await post('/create_client', { name: 'A', rut })).body.description).toMatch(/lastname: .*mail: .*phone: /);
  expect((await post('/create_benefit', { rut, wantsBenefit: 'yes' })).body.description).toMatch(/^wantsBenefit: /);
  expect((await post('/create_partner', { rut: '11111111-2', store: 'S' })).body.description).toBe('rut: verifier digit does not match');
  expect(await post('/create_partner', '{not json')).toEqual({ status: 400, body: { statusCode: 400, message: 'Bad Request', description: 'body: must be a JSON object' } });
  expect((await post('/create_partner', '')).status).toBe(400);
  expect(await counts()).toEqual(before);
});

test('paths and methods the OpenAPI document does not have get its MISSING_AUTHENTICATION_TOKEN response', async () => {
  const r = await post('/delete_client', client(freshRut()));
  expect(r).toMatchObject({ status: 404, body: { statusCode: 404, message: 'Not Found' } });
  expect((await fetch(`${crm.url}/create_client`, { headers: { 'x-api-key': 'k' } })).status).toBe(404);
  expect((await crm.requests()).slice(-2).map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual(['POST /delete_client 404', 'GET /create_client 404']);
});

test('concurrent deliveries of one RUT store one row', async () => {
  const rut = freshRut();
  const answers = await Promise.all(Array.from({ length: 5 }, () => post('/create_partner', { rut, store: 'S' })));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect(answers.filter((a) => a.body.description.endsWith('created'))).toHaveLength(1);
  expect((await crm.rows('partners')).filter((r) => r.rut === rut)).toHaveLength(1);
});
