/**
 * A local stand-in, on 127.0.0.1, for the few AWS calls `terraform plan` makes for what lies outside
 * the stacks (the provider's `endpoints` point every service the stacks use at it):
 *
 * - STS `GetCallerIdentity` (Query protocol, XML): the provider's account look-up at configure time
 *   and the `aws_caller_identity` data source. Answers with `ACCOUNT_ID`.
 * - Secrets Manager `DescribeSecret` and `GetResourcePolicy` (JSON 1.1): the
 *   `aws_secretsmanager_secret` data source of `crm-api-<env>`, the CRM database secret, an existing
 *   resource the stack reads but does not create. Only the secrets named in `existingSecrets` exist;
 *   any other is `ResourceNotFoundException`, as AWS answers, so a wrong name fails the plan.
 *
 * Every other call is answered `400 ProofStandInMissing` naming the service and operation, and
 * recorded in `unexpected`: a plan that needs one fails, by name, instead of trying the network.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const ACCOUNT_ID = '123456789012';

/** The provider endpoint names (`endpoints { <name> = ... }`) of the services the stacks use. */
export const STOOD_IN_ENDPOINTS = [
  'apigateway',
  'cloudwatch',
  'dynamodb',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  's3',
  'secretsmanager',
  'sfn',
  'sns',
  'sqs',
  'ssm',
  'sts',
];

export interface StandInCall {
  service: string;
  operation: string;
  /** The secret's name (or the id asked for, when no such secret exists), for Secrets Manager calls. */
  subject?: string;
}

export interface AwsStandIn {
  endpoint: string;
  /** Every call answered, in order. */
  readonly calls: StandInCall[];
  /** Calls nothing stands in for. */
  readonly unexpected: StandInCall[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** The service a SigV4-signed request is for (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
function signedService(req: http.IncomingMessage): string {
  return /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'unknown';
}

export async function startAwsStandIn(options: { region: string; existingSecrets: string[] }): Promise<AwsStandIn> {
  const calls: StandInCall[] = [];
  const unexpected: StandInCall[] = [];
  const secretArn = (name: string) => `arn:aws:secretsmanager:${options.region}:${ACCOUNT_ID}:secret:${name}-Pr00f1`;
  const secretOf = (id: string) => options.existingSecrets.find((s) => s === id || secretArn(s) === id);

  const server = http.createServer((req, res) => {
    void readBody(req).then((body) => {
      const service = signedService(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(value));
      };
      if (service === 'sts' && /(^|&)Action=GetCallerIdentity(&|$)/.test(body)) {
        calls.push({ service, operation: 'GetCallerIdentity' });
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            `<Arn>arn:aws:iam::${ACCOUNT_ID}:user/deploy-proof</Arn><UserId>AIDADEPLOYPROOF</UserId><Account>${ACCOUNT_ID}</Account>` +
            '</GetCallerIdentityResult><ResponseMetadata><RequestId>deploy-proof</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
        return;
      }
      if (service === 'secretsmanager' && (target === 'secretsmanager.DescribeSecret' || target === 'secretsmanager.GetResourcePolicy')) {
        const id = String((JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? '');
        const operation = target.split('.')[1];
        const name = secretOf(id);
        calls.push({ service, operation, subject: name ?? id });
        if (!name) return json(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        if (operation === 'GetResourcePolicy') return json(200, { ARN: secretArn(name), Name: name });
        return json(200, { ARN: secretArn(name), Name: name, Description: 'stand-in of an existing secret (deploy proof)', CreatedDate: 1700000000, LastChangedDate: 1700000000, Tags: [], VersionIdsToStages: {} });
      }
      const call = { service, operation: target || /(^|&)Action=([^&]+)/.exec(body)?.[2] || `${req.method} ${req.url}` };
      calls.push(call);
      unexpected.push(call);
      json(400, { __type: 'ProofStandInMissing', message: `the deploy proof stands in for no ${call.service} ${call.operation}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    unexpected,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
