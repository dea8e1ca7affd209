/**
 * What Terraform would put in a policy document at apply time: the `${<type>.<name>.<attribute>}`
 * references of a synthesized stack replaced by the values AWS gives those attributes (ARNs built as
 * each service documents them, in one account and region), so that the synthesized identity,
 * resource and key policies can be evaluated by an IAM policy simulator.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export interface Deployment {
  accountId: string;
  region: string;
  partition: string;
}

/** A stand-in id of an API Gateway REST API (its execution ARN is `arn:aws:execute-api:<region>:<account>:<id>`). */
export const REST_API_ID = 'a1b2c3d4e5';

export class ReferenceResolver {
  constructor(
    private readonly json: Json,
    readonly at: Deployment,
  ) {}

  arn(service: string, resource: string, region = this.at.region, account = this.at.accountId): string {
    return `arn:${this.at.partition}:${service}:${region}:${account}:${resource}`;
  }

  /** The value of `<type>.<name>.<attribute>` (`data.<type>...` for data sources). */
  attribute(type: string, name: string, attr: string): string {
    const data = type.startsWith('data.');
    const block = data ? this.json.data?.[type.slice(5)]?.[name] : this.json.resource?.[type]?.[name];
    if (!block) throw new Error(`no ${type}.${name} in the stack`);
    const field = (f: string) => this.resolve(String(block[f]));
    const key = `${type}.${attr}`;
    switch (key) {
      case 'data.aws_caller_identity.account_id':
        return this.at.accountId;
      case 'data.aws_partition.partition':
        return this.at.partition;
      case 'data.aws_secretsmanager_secret.arn':
        return this.arn('secretsmanager', `secret:${field('name')}-AbCdEf`);
      case 'aws_sfn_state_machine.arn':
        return this.arn('states', `stateMachine:${field('name')}`);
      case 'aws_sfn_alias.arn': {
        const machine = /\$\{aws_sfn_state_machine\.([^.]+)\./.exec(JSON.stringify(block.routing_configuration))?.[1];
        return `${this.attribute('aws_sfn_state_machine', machine!, 'arn')}:${field('name')}`;
      }
      case 'aws_sfn_activity.id':
        return this.arn('states', `activity:${field('name')}`);
      case 'aws_lambda_function.arn':
        return this.arn('lambda', `function:${field('function_name')}`);
      case 'aws_lambda_function.function_name':
        return field('function_name');
      case 'aws_cloudwatch_log_group.arn':
        return this.arn('logs', `log-group:${field('name')}`);
      case 'aws_kms_key.arn':
        return this.arn('kms', `key/00000000-0000-0000-0000-${name.replace(/[^a-z0-9]/gi, '').slice(0, 12).padEnd(12, '0')}`);
      case 'aws_dynamodb_table.arn':
        return this.arn('dynamodb', `table/${field('name')}`);
      case 'aws_dynamodb_table.name':
      case 'aws_sqs_queue.name':
      case 'aws_cloudwatch_event_bus.name':
        return field('name');
      case 'aws_sqs_queue.arn':
        return this.arn('sqs', field('name'));
      case 'aws_sqs_queue.url':
        return `https://sqs.${this.at.region}.amazonaws.com/${this.at.accountId}/${field('name')}`;
      case 'aws_sns_topic.arn':
        return this.arn('sns', field('name'));
      case 'aws_s3_bucket.arn':
        return `arn:${this.at.partition}:s3:::${field('bucket')}`;
      case 'aws_s3_bucket.id':
      case 'aws_s3_bucket.bucket':
        return field('bucket');
      case 'aws_cloudwatch_event_bus.arn':
        return this.arn('events', `event-bus/${field('name')}`);
      case 'aws_cloudwatch_event_rule.arn': {
        // A rule on a custom bus: rule/<bus>/<rule> (EventBridge's ARN format), on the default bus: rule/<rule>.
        const bus = block.event_bus_name ? `${field('event_bus_name')}/` : '';
        return this.arn('events', `rule/${bus}${field('name')}`);
      }
      case 'aws_api_gateway_rest_api.execution_arn':
        return this.arn('execute-api', REST_API_ID);
      case 'aws_iam_role.arn':
        return `arn:${this.at.partition}:iam::${this.at.accountId}:role/${field('name')}`;
      case 'aws_iam_role.id':
      case 'aws_iam_role.name':
        return field('name');
      default:
        throw new Error(`the resolver knows no ${key} (${type}.${name}.${attr})`);
    }
  }

  /** `text` with every Terraform reference replaced, and `$${` (a literal `${`) unescaped. */
  resolve(text: string): string {
    return text
      .replace(/(?<!\$)\$\{((?:data\.)?[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g, (_, type: string, name: string, attr: string) => this.attribute(type, name, attr))
      .replace(/\$\$\{/g, '${');
  }

  /** A policy document (a JSON string with references) as AWS would store it. */
  policy(text: string): Json {
    return JSON.parse(this.resolve(text));
  }
}
