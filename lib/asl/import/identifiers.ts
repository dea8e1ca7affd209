/**
 * Concrete AWS identifiers in one string of an export: ARNs of Lambda functions, state machines,
 * activities, SNS topics, SQS queues, DynamoDB tables, event buses and S3 buckets, SQS queue URLs,
 * and by field the plain names AWS takes there (`TableName`, `EventBusName`, `Bucket`,
 * `CopySource`, `FunctionName`); in any other ARN, its region and account id.
 *
 * An identifier is the part a placeholder replaces, so the template renders back to the export
 * exactly with the identifiers as values. Qualifiers:
 *  - `:$LATEST` (what Workflow Studio writes after a function it lists) is part of the identifier:
 *    `"${ReceiveLeadFunctionArn}"` with the qualified ARN as value. An unqualified function ARN
 *    runs `$LATEST` too ("An unqualified ARN executes the $LATEST version", Lambda Developer Guide,
 *    context object, invokedFunctionArn), so `fn('receive-lead')`, which renders the unqualified ARN
 *    of the deployed function, invokes the same code, and the placeholder fills the whole field, as
 *    the permission derivation (lib/asl/permissions) needs.
 *  - A version or alias (`:7`, `:live`), a state machine's version or alias, a table's stream or
 *    index, an S3 object key stay in the template after the placeholder (`"${ShippingStateMachineArn}:live"`):
 *    the placeholder's value is then the unqualified ARN, exactly what the typed binding renders, and
 *    the deployed definition still names that alias.
 *
 * Formats checked against AWS's documentation: ARNs `arn:partition:service:region:account-id:resource`
 * (IAM User Guide, "IAM identifiers"); Lambda `function:name[:version|alias|$LATEST]`; Step Functions
 * `stateMachine:name[:version|alias]` and `activity:name`; SNS topic `arn:aws:sns:region:account:name`;
 * SQS queue URL `https://sqs.region.amazonaws.com/account/name` (legacy `https://region.queue.amazonaws.com/...`);
 * DynamoDB `table/name[/stream/...|/index/...]`; EventBridge `event-bus/name`; S3 `arn:aws:s3:::bucket[/key]`.
 */
import { RESOURCE_KIND_NAMES, RESOURCE_KINDS, type ResourceKind } from '../../workflow/kinds';

export type IdentifierKind = ResourceKind | 'region' | 'account';
export type IdentifierForm = 'arn' | 'name' | 'url' | 'id';

export interface Identifier {
  /** Range of the identifier in the string. */
  start: number;
  end: number;
  kind: IdentifierKind;
  form: IdentifierForm;
  /** The identifier's text: the placeholder's value. */
  value: string;
  /** The resource's own name (for a region or account, the value). */
  resource: string;
}

const ARN = /arn:(aws(?:-[a-z]+)*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:([A-Za-z0-9_+=,.@\-/:*$]*)/g;
const SQS_URL = /https:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?)\/(\d{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)(?![A-Za-z0-9_.-])/g;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const BUS_NAME = /^[A-Za-z0-9._\-/]{1,256}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const FUNCTION_NAME = /^([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9_$-]+))?$/;

/** The identifiers in `text`, the value of member `field` (undefined in an array), in order. */
export function findIdentifiers(text: string, field: string | undefined): Identifier[] {
  const byField = fieldIdentifier(text, field);
  if (byField) return [byField];
  const found: Identifier[] = [];
  for (const m of text.matchAll(SQS_URL)) {
    const start = m.index ?? 0;
    found.push({ start, end: start + m[0].length, kind: 'queue', form: 'url', value: m[0], resource: m[4] });
  }
  for (const m of text.matchAll(ARN)) {
    const start = m.index ?? 0;
    if (found.some((f) => start >= f.start && start < f.end)) continue;
    found.push(...arnIdentifiers(m[0].replace(/[.,:]+$/, ''), start, m[3], m[4]));
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Plain names in the fields that take them. */
function fieldIdentifier(text: string, field: string | undefined): Identifier | undefined {
  const whole = (kind: IdentifierKind, form: IdentifierForm, end = text.length, resource = text.slice(0, end)): Identifier => ({
    start: 0,
    end,
    kind,
    form,
    value: text.slice(0, end),
    resource,
  });
  if (text.startsWith('arn:') || text.startsWith('https:')) return undefined;
  switch (field) {
    case 'TableName':
      return TABLE_NAME.test(text) ? whole('table', 'name') : undefined;
    case 'EventBusName':
      // `default` is the account's default bus, not a resource of the workflow.
      return BUS_NAME.test(text) && text !== 'default' ? whole('bus', 'name') : undefined;
    case 'Bucket':
      return BUCKET_NAME.test(text) ? whole('bucket', 'name') : undefined;
    case 'CopySource': {
      const slash = text.indexOf('/');
      return slash > 0 && BUCKET_NAME.test(text.slice(0, slash)) ? whole('bucket', 'name', slash) : undefined;
    }
    case 'FunctionName': {
      const m = FUNCTION_NAME.exec(text);
      return m ? whole('function', 'name', m[2] === '$LATEST' ? text.length : m[1].length, m[1]) : undefined;
    }
    default:
      return undefined;
  }
}

function arnIdentifiers(arn: string, start: number, region: string, account: string | undefined): Identifier[] {
  const [, , service, , , ...rest] = arn.split(':');
  const resource = rest.join(':');
  const prefix = arn.slice(0, arn.length - resource.length);
  const resourceArn = (kind: IdentifierKind, name: string, length: number): Identifier[] => [
    { start, end: start + prefix.length + length, kind, form: 'arn', value: arn.slice(0, prefix.length + length), resource: name },
  ];
  // The ARN of a resource of a kind of the table of kinds: its service and resource pattern (a global one, S3's, has no region or account).
  for (const kind of RESOURCE_KIND_NAMES) {
    const { arn: spec } = RESOURCE_KINDS[kind];
    if (spec.service !== service || (spec.global && (region || account))) continue;
    const m = spec.resource.exec(resource);
    if (m) return resourceArn(kind, m[1], m[0].length);
  }
  // Any other ARN: its region and account id.
  const out: Identifier[] = [];
  const regionAt = start + arn.indexOf(':', arn.indexOf(':', 4) + 1) + 1;
  if (region) out.push({ start: regionAt, end: regionAt + region.length, kind: 'region', form: 'id', value: region, resource: region });
  if (account && account !== 'aws') {
    const accountAt = regionAt + region.length + 1;
    out.push({ start: accountAt, end: accountAt + account.length, kind: 'account', form: 'id', value: account, resource: account });
  }
  return out;
}
