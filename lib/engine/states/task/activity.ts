/**
 * Activities (`arn:aws:states:<region>:<account>:activity:<name>`). With a task token broker
 * (`RunOptions.callbacks`), the task waits in its activity's queue (ActivityScheduled) until a
 * worker's GetActivityTask takes it (ActivityStarted with the worker's name), then for the
 * worker's answer (token-wait.ts). HeartbeatSeconds then counts from ActivityStarted;
 * TimeoutSeconds from ActivityScheduled (a task no worker takes times out).
 *
 * Without a broker no worker can take it: its resource invoker's answer is its result, and
 * HeartbeatSeconds times it out once that time has passed (States.Timeout; task.ts).
 */
import type { Json } from '../../json';
import type { Thread } from '../../thread';
import { ActivityEvents } from './events';
import { byInvoker } from './integration';
import { WAYS, type TaskRun, type TaskWorker } from './run';
import { WaitingRunner } from './callback';
import { TokenWait } from './token-wait';

export class ActivityRunner extends WaitingRunner {
  readonly startedByWorker = true;
  private readonly workerStarted: (t: Thread, workerName: string | undefined) => void;

  constructor(resource: string) {
    const events = new ActivityEvents(resource);
    super(resource, events);
    this.workerStarted = (t, workerName) => events.workerStarted(t, workerName);
  }

  select(t: Thread, run: TaskRun, effective: Json, token: string | undefined, stateName: string, timeoutS: number | undefined): TaskWorker | null {
    const broker = t.ex.options.callbacks;
    if (broker === undefined) return byInvoker(this, t, run, effective, token, stateName, timeoutS);
    run.wait = new TokenWait(t, broker, token ?? broker.newToken(), effective);
    return this;
  }

  start(_t: Thread, run: TaskRun, _effective: Json, heartbeatS: number | undefined): Promise<Json> {
    return (run.wait as TokenWait).forWorker(this.resource, heartbeatS, this.workerStarted);
  }

  unhandled(): string {
    return (
      `The Task state waits for a worker of the activity '${this.resource}': run it with a task token broker ` +
      `(the callbacks run option, as \`sfn serve\` and \`sfn run\` of a project workflow do) and a worker polling GetActivityTask, or give ${WAYS}.`
    );
  }
}
