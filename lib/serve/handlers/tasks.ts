/**
 * Answers to task tokens (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat) and activities
 * (CreateActivity, DescribeActivity, ListActivities, DeleteActivity, GetActivityTask). Errors of
 * the broker keep their API codes (TaskDoesNotExist, TaskTimedOut, InvalidToken, InvalidOutput).
 */
import { TaskTokenError } from '../../engine';
import { ApiError, byName, optionalString, page, requiredString, validation } from '../protocol';
import { checkArn } from '../arns';
import { parseTags } from './tags';
import type { Operation } from './types';

function answer(f: () => void): object {
  try {
    f();
  } catch (e) {
    if (e instanceof TaskTokenError) throw new ApiError(e.code, e.message);
    throw e;
  }
  return {};
}

export const taskOperations: Record<string, Operation> = {
  SendTaskSuccess(registry, body) {
    const token = requiredString(body, 'taskToken');
    const output = requiredString(body, 'output');
    return answer(() => registry.broker.sendTaskSuccess(token, output));
  },

  SendTaskFailure(registry, body) {
    const token = requiredString(body, 'taskToken');
    const error = optionalString(body, 'error');
    if (error !== undefined && error.length > 256) throw validation(`Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256`);
    return answer(() => registry.broker.sendTaskFailure(token, error, optionalString(body, 'cause')));
  },

  SendTaskHeartbeat(registry, body) {
    const token = requiredString(body, 'taskToken');
    return answer(() => registry.broker.sendTaskHeartbeat(token));
  },

  CreateActivity(registry, body) {
    const a = registry.createActivity(requiredString(body, 'name', 80), parseTags(body));
    return { activityArn: a.arn, creationDate: a.creationDate };
  },

  DescribeActivity(registry, body) {
    const a = registry.activity(requiredString(body, 'activityArn'));
    return { activityArn: a.arn, name: a.name, creationDate: a.creationDate };
  },

  ListActivities(registry, body) {
    const all = [...registry.activities.values()].sort(byName);
    const { items, nextToken } = page(all, body);
    return { activities: items.map((a) => ({ activityArn: a.arn, name: a.name, creationDate: a.creationDate })), nextToken };
  },

  /** An activity already deleted (or never made) is deleted again without an error, as AWS answers (LocalStack's AWS-validated test_sfn_api_activities snapshot). */
  DeleteActivity(registry, body) {
    const arn = requiredString(body, 'activityArn');
    checkArn(arn, 'activity');
    registry.activities.delete(arn);
    return {};
  },

  /** The long poll: a task `{taskToken, input}`, or `{}` when none comes within 60 seconds (or the worker goes away). */
  async GetActivityTask(registry, body, context) {
    const a = registry.activity(requiredString(body, 'activityArn'));
    const task = await registry.broker.activities.poll(a.arn, optionalString(body, 'workerName'), registry.pollMs, context.signal);
    return task ?? {};
  },
};
