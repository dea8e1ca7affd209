/**
 * The local CRM API under abuse: a NUL character in a field (a 400 naming the field, never a 500
 * that crm-lead would retry as CrmApiUnavailable), a RUT written two ways (one person, one row),
 * bodies over API Gateway's 10 MB payload limit (refused before they are buffered), bodies nested
 * deep or not JSON, and the server still answering afterwards.
 */
import { connect } from 'node:net';
import { rutVerifierDigit } from '../../functions/_shared/rut';
import { startLocalCrmApi, type LocalCrmApi } from '../../api/local/crm-api';
import { expectClean, httpRequest, judgeHttp, REPO, type HttpOutcome } from '../../lib/test/robustness/harness';

jest.setTimeout(60_000);

const SUITE = 'local CRM API';
let crm: LocalCrmApi;
beforeAll(async () => (crm = await startLocalCrmApi({ apiKey: 'k', projectRoot: REPO })), 60_000);
afterAll(() => crm?.close());

let next = 40_000_000;
let seven = 2_345_000;
const freshBody = () => String(next++);
const rutOf = (body: string) => `${body}-${rutVerifierDigit(body)}`;
const client = (rut: string) => ({ name: 'Alice', lastname: 'Cooper', rut, mail: 'a@example.com', phone: '54545454' });
const post = (path: string, body: string | Buffer, headers: Record<string, string | number> = {}) =>
  httpRequest(crm.url, { path, headers: { 'content-type': 'application/json', 'x-api-key': 'k', ...headers }, body });

describe('a NUL character in a field: 400 naming the field, nothing stored', () => {
  test.each([
    ['/create_client', 'name'],
    ['/create_client', 'lastname'],
    ['/create_client', 'mail'],
    ['/create_client', 'phone'],
    ['/create_client', 'rut'],
    ['/create_partner', 'store'],
  ])('%s %s', async (path, field) => {
    const rut = rutOf(freshBody());
    const base: Record<string, unknown> = path === '/create_partner' ? { rut, store: 'Main' } : client(rut);
    base[field] = `${String(base[field]).slice(0, 3)}\u0000x`;
    const o = await post(path, JSON.stringify(base));
    expectClean(SUITE, `${path}: NUL in ${field}`, judgeHttp(o, { status: 400, mentions: [field] }));
    expect((await crm.rows(path === '/create_partner' ? 'partners' : 'clients')).filter((r) => String(r.rut).endsWith(rut.slice(-4)))).toEqual([]);
  });
});

describe('a RUT is stored in one canonical form', () => {
  test('1234567-4 and 01234567-4 are one person: the second is "already exists", one row', async () => {
    const body = String(seven++); // seven digits
    const short = rutOf(body);
    const padded = `0${short}`;
    const first = await post('/create_client', JSON.stringify(client(short)));
    const second = await post('/create_client', JSON.stringify(client(padded)));
    const rows = (await crm.rows('clients')).filter((r) => String(r.rut).replace(/^0+/, '') === short);
    const ok = first.status === 200 && second.status === 200 && second.body.includes('already exists') && rows.length === 1;
    expectClean(SUITE, 'a RUT written with and without a leading zero', ok ? { verdict: 'clean', problems: [] } : { verdict: 'unclean', problems: [`${rows.length} rows for one RUT; second answer ${second.status} ${second.body.slice(0, 200)}`] });
  });

  test('a lower-case verifier k is the same RUT as K', async () => {
    let body = freshBody();
    while (rutVerifierDigit(body) !== 'K') body = freshBody();
    await post('/create_partner', JSON.stringify({ rut: `${body}-k`, store: 'Main' }));
    const again = await post('/create_partner', JSON.stringify({ rut: `${body}-K`, store: 'Main' }));
    expectClean(SUITE, 'a RUT with k and with K', judgeHttp(again, { status: 200, mentions: ['already exists'] }));
  });
});

describe("bodies over API Gateway's 10 MB payload limit are refused before they are buffered", () => {
  test('Content-Length of 11 MB, only a few bytes sent: 413 at once', async () => {
    const o = await new Promise<HttpOutcome>((resolve) => {
      const s = connect(Number(new URL(crm.url).port), '127.0.0.1');
      let data = '';
      const budget = setTimeout(() => {
        s.destroy();
        resolve({ status: null, body: '', hung: true });
      }, 8_000);
      s.on('connect', () => s.write(`POST /create_client HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\ncontent-type: application/json\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n{"name":`));
      s.on('data', (d: Buffer) => {
        data += d.toString();
        const m = /^HTTP\/1\.1 (\d+)/.exec(data);
        if (m && data.includes('\r\n\r\n')) {
          clearTimeout(budget);
          s.destroy();
          resolve({ status: Number(m[1]), body: data.slice(data.indexOf('\r\n\r\n') + 4), hung: false });
        }
      });
      s.on('error', () => undefined);
    });
    expectClean(SUITE, 'Content-Length over 10 MB', judgeHttp(o, { status: 413 }));
  });

  test('a chunked body over 10 MB: 413', async () => {
    const o = await httpRequest(crm.url, { path: '/create_client', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'transfer-encoding': 'chunked' }, body: Buffer.alloc(10 * 1024 * 1024 + 10, 0x20) });
    expectClean(SUITE, 'a chunked body over 10 MB', judgeHttp(o, { status: 413 }));
  });
});

describe('bodies that are not what they seem: 400, never 5xx', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  test.each([
    ['not JSON', '{bad'],
    ['a JSON array', '[]'],
    ['nested 100,000 deep', deep(100_000)],
    ['a field nested 100,000 deep', `{"name": ${deep(100_000)}}`],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['a byte order mark before JSON with every field', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')])],
    ['an empty body', ''],
  ])('%s', async (name, body) => {
    const o = await post('/create_client', body);
    expectClean(SUITE, `body: ${name}`, judgeHttp(o, { status: 400 }));
  });

  afterAll(async () => {
    const o = await post('/create_client', JSON.stringify(client(rutOf(freshBody()))));
    expectClean(SUITE, 'the CRM API still answers', judgeHttp(o, { status: 200 }));
  });
});
