/**
 * Task tokens: who answers a Task that waits for an outside party.
 *
 * - A `.waitForTaskToken` task (callback pattern): its base action runs (a Lambda, an SQS message,
 *   ...) with `$$.Task.Token` in its parameters; the task then waits until someone calls
 *   SendTaskSuccess, SendTaskFailure or SendTaskHeartbeat with the token.
 * - An activity task: the task waits in its activity's queue (activities.ts) until a worker takes
 *   it with GetActivityTask, which hands the worker a token; the worker answers with the same calls.
 *
 * One broker serves every execution of a run or of a server (`RunOptions.callbacks`), so that the
 * endpoint (`sfn serve`) can route an answer to the execution that waits for it.
 *
 * Answers and their errors as the Step Functions API reference lists them for SendTaskSuccess /
 * SendTaskFailure / SendTaskHeartbeat: `TaskDoesNotExist` (no task has this token),
 * `TaskTimedOut` ("the task token has either expired or the task associated with the token has
 * already been closed"), `InvalidToken` (not a token at all), `InvalidOutput` (output not JSON).
 */
import { fastUuid } from './clock';
import { ActivityQueues } from './activities';
import type { Json } from './json';

export type TaskTokenErrorCode = 'TaskDoesNotExist' | 'TaskTimedOut' | 'InvalidToken' | 'InvalidOutput';

/** An answer the broker refuses, with the Step Functions API error code it is reported with. */
export class TaskTokenError extends Error {
  constructor(
    readonly code: TaskTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** What a waiting task does with the answers to its token. */
export interface TokenWaiter {
  succeed(output: Json): void;
  fail(error: string | undefined, cause: string | undefined): void;
  heartbeat(): void;
  /** False once the task's execution (or branch) has stopped: the token is then closed. */
  alive(): boolean;
}

/** How many closed tokens are remembered (answers to them get TaskTimedOut rather than TaskDoesNotExist). */
const CLOSED_REMEMBERED = 10_000;

/** The AWS maximum length of a task token (API reference: taskToken, 1 to 2048 characters). */
const MAX_TOKEN_LENGTH = 2048;

export class TaskTokenBroker {
  private readonly open = new Map<string, TokenWaiter>();
  private readonly closed = new Set<string>();
  /** The activity queues of the executions that use this broker. */
  readonly activities = new ActivityQueues();

  /** A new task token (opaque base64 text, as AWS's). */
  newToken(): string {
    return Buffer.from(`${fastUuid()}${fastUuid()}`.replace(/-/g, ''), 'hex').toString('base64');
  }

  /** The task waiting for `token` is `waiter` from now on. */
  register(token: string, waiter: TokenWaiter): void {
    this.open.set(token, waiter);
  }

  /** The task is over (answered, failed, timed out, stopped): later answers get TaskTimedOut. */
  close(token: string): void {
    if (!this.open.delete(token)) return;
    this.closed.add(token);
    if (this.closed.size > CLOSED_REMEMBERED) this.closed.delete(this.closed.values().next().value as string);
  }

  /** Whether a task waits for this token. */
  isOpen(token: string): boolean {
    return this.waiter(token, false) !== undefined;
  }

  /** Number of tasks waiting for an answer. */
  get pending(): number {
    return this.open.size;
  }

  /** SendTaskSuccess: `output` is the task's result (JSON text, as the API takes it). */
  sendTaskSuccess(token: unknown, output: unknown): void {
    if (typeof output !== 'string') throw new TaskTokenError('InvalidOutput', 'The output must be a string of JSON text.');
    let value: Json;
    try {
      value = JSON.parse(output) as Json;
    } catch (e) {
      throw new TaskTokenError('InvalidOutput', `Invalid JSON in the output: ${(e as Error).message}`);
    }
    const w = this.take(token);
    w.succeed(value);
  }

  /** SendTaskFailure: the task fails with this error and cause. */
  sendTaskFailure(token: unknown, error?: string, cause?: string): void {
    const w = this.take(token);
    w.fail(error, cause);
  }

  /** SendTaskHeartbeat: the task's HeartbeatSeconds starts again. */
  sendTaskHeartbeat(token: unknown): void {
    const w = this.waiter(this.checked(token), true) as TokenWaiter;
    w.heartbeat();
  }

  /** The waiter of an answer that ends the task (the token is closed). */
  private take(token: unknown): TokenWaiter {
    const t = this.checked(token);
    const w = this.waiter(t, true) as TokenWaiter;
    this.close(t);
    return w;
  }

  private checked(token: unknown): string {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new TaskTokenError('InvalidToken', `Invalid token: a task token is a string of 1 to ${MAX_TOKEN_LENGTH} characters.`);
    }
    return token;
  }

  private waiter(token: string, required: boolean): TokenWaiter | undefined {
    const w = this.open.get(token);
    if (w !== undefined && !w.alive()) this.close(token);
    else if (w !== undefined) return w;
    if (!required) return undefined;
    if (this.closed.has(token)) throw new TaskTokenError('TaskTimedOut', 'Task Timed Out: the task of this token has already been closed (answered, timed out or stopped).');
    throw new TaskTokenError('TaskDoesNotExist', 'Task does not exist: no task waits for this token.');
  }
}
