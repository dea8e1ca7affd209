import { existingValue, type ResourceKind } from '../lib/workflow/kinds';
import { InvalidPropsError } from '../lib/errors';

export interface ResourceAttributes {
  arn: string;
  /** Table, bus or state machine name. */
  name?: string;
  /** Queue URL. */
  url?: string;
  /** The customer managed KMS key the resource is encrypted with: the state machine gets the KMS actions its task needs on it. */
  kmsKeyArn?: string;
}

/**
 * A typed reference to what a placeholder stands for: the state machine renders it in the form
 * the field needs (an ARN in `Resource`, `FunctionName`, `TopicArn`, `StateMachineArn`; a name in
 * `TableName`, `EventBusName`; a URL in `QueueUrl`) and derives the permission its task needs.
 */
export class ResourceReference {
  constructor(
    readonly kind: ResourceKind,
    readonly attributes: ResourceAttributes,
    /** An existing resource (not created by this stack): the actions the state machine may perform on it. */
    readonly existing?: { readonly actions: readonly string[] },
  ) {}

  /** An existing resource of another stack or account, by its ARN (its name and URL derived from it), and the actions allowed on it. */
  static existing(kind: ResourceKind, arn: string, actions: readonly string[]): ResourceReference {
    const attributes: ResourceAttributes = { arn, name: existingValue(arn, 'name') };
    if (kind === 'queue') attributes.url = existingValue(arn, 'url');
    return new ResourceReference(kind, attributes, { actions });
  }

  static function(arn: string): ResourceReference {
    return new ResourceReference('function', { arn });
  }
  static table(table: { arn: string; name: string }, kmsKeyArn?: string): ResourceReference {
    return new ResourceReference('table', { arn: table.arn, name: table.name, kmsKeyArn });
  }
  static queue(queue: { arn: string; url: string }, kmsKeyArn?: string): ResourceReference {
    return new ResourceReference('queue', { arn: queue.arn, url: queue.url, kmsKeyArn });
  }
  static topic(topic: { arn: string }, kmsKeyArn?: string): ResourceReference {
    return new ResourceReference('topic', { arn: topic.arn, kmsKeyArn });
  }
  static bus(bus: { arn: string; name: string }): ResourceReference {
    return new ResourceReference('bus', { arn: bus.arn, name: bus.name });
  }
  /** A state machine (or its alias: `arn` is what the task starts) and its name. */
  static stateMachine(machine: { arn: string; name: string }): ResourceReference {
    return new ResourceReference('stateMachine', { arn: machine.arn, name: machine.name });
  }
  /** An S3 bucket: its name in `Bucket` fields, its ARN in ARN fields. */
  static bucket(bucket: { arn: string; bucket: string }, kmsKeyArn?: string): ResourceReference {
    return new ResourceReference('bucket', { arn: bucket.arn, name: bucket.bucket, kmsKeyArn });
  }
  static activity(activity: { arn: string }): ResourceReference {
    return new ResourceReference('activity', { arn: activity.arn });
  }

  /** The value of the reference in `form`. */
  render(form: 'arn' | 'name' | 'url', placeholder: string): string {
    const value = form === 'arn' ? this.attributes.arn : form === 'name' ? this.attributes.name : this.attributes.url;
    if (value === undefined) throw new InvalidPropsError(`placeholder \${${placeholder}} needs the ${form} of a ${this.kind}, which this reference does not carry`);
    return value;
  }
}
