/**
 * The AWS query protocol (SNS, and STS for the refusals), as the AWS SDKs speak it: `POST /` with a
 * form-encoded body (`Action=Publish&Version=2010-03-31&TopicArn=...`); lists are `Name.member.N`,
 * maps `Name.entry.N.<key>` / `.<value>`; the answer is XML:
 *
 *   <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
 *     <PublishResult><MessageId>...</MessageId></PublishResult>
 *     <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata>
 *   </PublishResponse>
 *
 * and an error `<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>...</Message></Error>
 * <RequestId>...</RequestId></ErrorResponse>` with its HTTP status (AWS, SNS API reference "Common Errors"
 * and the Publish example; the `member` and `entry` forms as @aws-sdk/core's AwsQueryProtocol writes them).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AwsServiceError, newRequestId, readBody, send } from './server';

/** A value rendered as XML: text, an element per member of an object, `<member>` per item of an array, or map entries. */
export type XmlValue = string | number | boolean | Date | XmlObject | XmlValue[] | XmlMap | undefined;
export interface XmlObject {
  [element: string]: XmlValue;
}
/** A map, rendered as `<entry><key>k</key><value>v</value></entry>` elements. */
export class XmlMap {
  constructor(readonly entries: Record<string, string>) {}
}

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof XmlMap) return Object.entries(value.entries).map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></entry>`).join('');
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') return Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `<${k}>${toXml(v)}</${k}>`).join('');
  return escapeXml(String(value));
}

/** The form parameters of a query request. */
export class QueryParams {
  constructor(readonly values: URLSearchParams) {}

  get(name: string): string | undefined {
    return this.values.get(name) ?? undefined;
  }

  required(name: string): string {
    const v = this.get(name);
    if (v === undefined || v === '') throw new AwsServiceError('InvalidParameter', `Invalid parameter: ${name} Reason: no value for required parameter`);
    return v;
  }

  /** `Name.member.1`, `Name.member.2`, ...: the items, in order. */
  list(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; this.values.has(`${name}.member.${i}`); i++) out.push(this.values.get(`${name}.member.${i}`) as string);
    return out;
  }

  /** `Name.entry.N.<keyName>` / `Name.entry.N.<valueName>`: the map, with each value's fields when it is a structure (`Value.DataType`, ...). */
  map(name: string, keyName = 'key', valueName = 'value'): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (let i = 1; this.values.has(`${name}.entry.${i}.${keyName}`); i++) {
      const prefix = `${name}.entry.${i}.${valueName}`;
      const fields: Record<string, string> = {};
      for (const [k, v] of this.values) {
        if (k === prefix) fields[''] = v;
        else if (k.startsWith(`${prefix}.`)) fields[k.slice(prefix.length + 1)] = v;
      }
      out[this.values.get(`${name}.entry.${i}.${keyName}`) as string] = fields;
    }
    return out;
  }

  /** A map of plain values (`Attributes.entry.N.key` / `.value`). */
  stringMap(name: string): Record<string, string> {
    return Object.fromEntries(Object.entries(this.map(name)).map(([k, v]) => [k, v[''] ?? '']));
  }
}

export type QueryOperation = (params: QueryParams, context: { endpoint: string }) => XmlValue | Promise<XmlValue>;

export interface QueryService {
  /** The XML namespace of the answers: `http://sns.amazonaws.com/doc/2010-03-31/`. */
  xmlns: string;
  operations: Record<string, QueryOperation>;
}

export function sendQueryError(res: ServerResponse, e: AwsServiceError, xmlns: string): void {
  const type = e.options.sender === false ? 'Receiver' : 'Sender';
  const body = `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${newRequestId()}</RequestId></ErrorResponse>`;
  send(res, e.status, 'text/xml', body);
}

/** The request listener of a query protocol stand-in. */
export function queryProtocol(service: QueryService, endpoint: () => string): RequestListener {
  return (req, res) => void answer(service, endpoint, req, res);
}

async function answer(service: QueryService, endpoint: () => string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://local');
    const params = new URLSearchParams(url.search);
    for (const [k, v] of new URLSearchParams((await readBody(req)).toString('utf8'))) params.append(k, v);
    const action = params.get('Action') ?? '';
    const operation = Object.prototype.hasOwnProperty.call(service.operations, action) ? service.operations[action] : undefined;
    if (operation === undefined) {
      throw new AwsServiceError('InvalidAction', action ? `The action ${action} is not supported by this local stand-in; it answers ${Object.keys(service.operations).sort().join(', ')}.` : 'Missing Action parameter.');
    }
    const result = await operation(new QueryParams(params), { endpoint: endpoint() });
    const body = `<${action}Response xmlns="${service.xmlns}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${newRequestId()}</RequestId></ResponseMetadata></${action}Response>`;
    send(res, 200, 'text/xml', body);
  } catch (e) {
    const error = e instanceof AwsServiceError ? e : new AwsServiceError('InternalFailure', `Internal error of the local stand-in: ${e instanceof Error ? e.message : String(e)}`, 500, { sender: false });
    sendQueryError(res, error, service.xmlns);
  }
}
