/**
 * The endpoint of every AWS service without a local stand-in: local runs point the AWS SDKs'
 * global `AWS_ENDPOINT_URL` here (the per-service `AWS_ENDPOINT_URL_<SERVICE>` of the stand-ins
 * win over it), so that a handler calling, say, Lambda or STS fails at once with a message naming
 * the service and what would provide it, instead of reaching for `<service>.<region>.amazonaws.com`.
 *
 * The service is read from the request: the SigV4 credential scope of its Authorization header
 * (`Credential=<key>/<date>/<region>/<service>/aws4_request`), else its `X-Amz-Target`. The
 * answer is an error in the protocol the request speaks, so that the SDK reports its message:
 * AWS JSON (`{"__type", "message"}`), Smithy RPC v2 CBOR, the query protocol's XML
 * (`<ErrorResponse>`; EC2's `<Response><Errors>`), REST-XML (`<Error>`) or REST-JSON
 * (`x-amzn-ErrorType` and `{"message"}`), with HTTP 400 so that it is not retried.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeXml } from '../http/query-protocol';
import { listenLocally, newRequestId, readBody, send, type LocalEndpoint } from '../http/server';

/** What the local runs stand in for, for the message. */
export const STANDS_IN_FOR = 'DynamoDB, S3, SQS, SNS, EventBridge, Step Functions, SSM Parameter Store and Secrets Manager';

/** Signing names whose service is better known by another name (and its `AWS_ENDPOINT_URL_<ID>`). */
const KNOWN: Record<string, [string, string]> = {
  lambda: ['Lambda', 'LAMBDA'],
  sts: ['STS', 'STS'],
  kms: ['KMS', 'KMS'],
  iam: ['IAM', 'IAM'],
  'execute-api': ['API Gateway (execute-api)', 'API_GATEWAY'],
  apigateway: ['API Gateway', 'API_GATEWAY'],
  logs: ['CloudWatch Logs', 'CLOUDWATCH_LOGS'],
  monitoring: ['CloudWatch', 'CLOUDWATCH'],
  kinesis: ['Kinesis', 'KINESIS'],
  firehose: ['Firehose', 'FIREHOSE'],
  ses: ['SES', 'SES'],
  'cognito-idp': ['Cognito user pools', 'COGNITO_IDENTITY_PROVIDER'],
  xray: ['X-Ray', 'XRAY'],
  bedrock: ['Bedrock', 'BEDROCK_RUNTIME'],
  ec2: ['EC2', 'EC2'],
  states: ['Step Functions', 'SFN'],
  events: ['EventBridge', 'EVENTBRIDGE'],
  ssm: ['SSM', 'SSM'],
  secretsmanager: ['Secrets Manager', 'SECRETS_MANAGER'],
  sqs: ['SQS', 'SQS'],
  sns: ['SNS', 'SNS'],
  dynamodb: ['DynamoDB', 'DYNAMODB'],
  s3: ['S3', 'S3'],
};
const REST_XML = new Set(['s3', 'cloudfront', 'route53']);

/** Why a call to a service cannot be answered here, and what would. */
function hint(signingName: string, id: string): string {
  const component = `give it a stand-in through a project component (\`components\` in workflows/index.ts, whose local provider sets AWS_ENDPOINT_URL_${id} for the functions)`;
  if (signingName === 'lambda')
    return `A function of the project runs locally as a Task of its workflow (bound with fn() in the workflow's \`bindings\`) or with \`sfn invoke FUNCTION\`; to call Lambda's API from a handler, ${component}, or mock the call in the handler's test.`;
  if (signingName === 'sts') return `Local runs use the dummy credentials AWS_ACCESS_KEY_ID=local; to call STS from a handler, ${component}, or mock the call in the handler's test.`;
  if (signingName === 'kms') return `The local stand-ins keep data unencrypted (the local SSM decrypts SecureString parameters WithDecryption); to call KMS from a handler, ${component}, or mock the call in the handler's test.`;
  if (KNOWN[signingName] && ['SFN', 'EVENTBRIDGE', 'SSM', 'SECRETS_MANAGER', 'SQS', 'SNS', 'DYNAMODB', 'S3'].includes(id))
    return `It has a local stand-in, but this client was not pointed at it: it reads AWS_ENDPOINT_URL_${id} (set for the functions of a local run), unless created with an endpoint of its own.`;
  return `To use it locally, ${component}, or mock the call in the handler's test.`;
}

/** The service a request is for: its SigV4 signing name, else the prefix of its X-Amz-Target. */
export function serviceOf(req: IncomingMessage): { signingName: string; name: string; id: string } {
  const auth = String(req.headers.authorization ?? '');
  const scope = /Credential=[^/,\s]+\/\d{8}\/[^/]*\/([^/]+)\/aws4_request/.exec(auth);
  const target = String(req.headers['x-amz-target'] ?? '');
  const signingName = scope?.[1] ?? (target ? target.split('.')[0].toLowerCase() : 'unknown');
  const [name, id] = KNOWN[signingName] ?? [signingName, signingName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')];
  return { signingName, name, id };
}

/** A CBOR map of text strings (RFC 8949): what an rpc-v2-cbor client decodes an error from. */
function cborTextMap(entries: Record<string, string>): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  const text = (s: string) => Buffer.concat([head(3, Buffer.byteLength(s)), Buffer.from(s, 'utf8')]);
  return Buffer.concat([head(5, Object.keys(entries).length), ...Object.entries(entries).flatMap(([k, v]) => [text(k), text(v)])]);
}

const CODE = 'NoLocalStandIn';

function refuse(req: IncomingMessage, res: ServerResponse, body: string, message: string, signingName: string): void {
  const type = String(req.headers['content-type'] ?? '');
  if (/^application\/x-amz-json/.test(type)) return send(res, 400, type, JSON.stringify({ __type: CODE, message }), { 'x-amzn-ErrorType': CODE });
  if (req.headers['smithy-protocol'] === 'rpc-v2-cbor') {
    const cbor = cborTextMap({ __type: CODE, message });
    res.writeHead(400, { 'Content-Type': 'application/cbor', 'Content-Length': cbor.length, 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-RequestId': newRequestId() });
    return void res.end(cbor);
  }
  const error = `<Code>${CODE}</Code><Message>${escapeXml(message)}</Message>`;
  if (/x-www-form-urlencoded/.test(type) && /(^|&)Action=/.test(body)) {
    if (signingName === 'ec2') return send(res, 400, 'text/xml', `<Response><Errors><Error>${error}</Error></Errors><RequestID>${newRequestId()}</RequestID></Response>`);
    return send(res, 400, 'text/xml', `<ErrorResponse><Error><Type>Sender</Type>${error}</Error><RequestId>${newRequestId()}</RequestId></ErrorResponse>`);
  }
  if (REST_XML.has(signingName)) return send(res, 400, 'application/xml', `<Error>${error}<RequestId>${newRequestId()}</RequestId></Error>`);
  send(res, 400, 'application/json', JSON.stringify({ message, Message: message }), { 'x-amzn-ErrorType': CODE });
}

export interface Refusal {
  service: string;
  request: string;
}

/** Starts the endpoint; `refused` records each request it refused. */
export async function startUnsupportedServer(): Promise<LocalEndpoint & { refused: Refusal[] }> {
  const refused: Refusal[] = [];
  const server = await listenLocally((req, res) => {
    void readBody(req)
      .catch(() => Buffer.alloc(0))
      .then((raw) => {
        const body = raw.toString('utf8');
        const { signingName, name, id } = serviceOf(req);
        const target = String(req.headers['x-amz-target'] ?? '');
        const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1];
        const request = target ? target.slice(target.indexOf('.') + 1) : action ? decodeURIComponent(action) : `${req.method} ${(req.url ?? '/').replace(/\?.*$/, '')}`;
        refused.push({ service: name, request });
        const message = `${name} (${request}) has no local stand-in: a local run stands in for ${STANDS_IN_FOR} only, and never calls AWS. ${hint(signingName, id)}`;
        refuse(req, res, body, message, signingName);
      });
  });
  return { ...server, refused };
}
