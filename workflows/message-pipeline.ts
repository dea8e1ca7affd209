import { queue, table, topic, type Workflow } from '../lib/workflow/declaration';

/**
 * Team A's message pipeline (the DynamoDB / SQS / SNS service integrations seed): the scheduled
 * complex task's message is recorded in the `message` table, sent to Team C's queue, announced
 * on Team A's topic after a wait, and marked RECORD_PROCESSED; a failing task ends in
 * GracefulFail. No Lambda: every step is a direct service integration, and the state machine may
 * only put and update items of its table, send to its queue and publish to its topic.
 */
export const messagePipeline: Workflow = () => ({
  name: 'message-pipeline',
  description: 'Records, forwards and announces the result of the scheduled complex task',
  functions: {},
  bindings: {
    MessageTable: table('message'),
    TeamCQueueUrl: queue('team-c'),
    TeamATopicArn: topic('team-a'),
  },
  tables: { message: { partitionKey: { name: 'messageId', type: 'S' } } },
  queues: { 'team-c': {} },
  topics: { 'team-a': {} },
  triggers: [{ kind: 'schedule', schedule: 'rate(1 day)', input: { messageText: 'daily complex task' }, description: 'The daily complex task' }],
  sampleInput: { messageText: 'Hello' },
});
