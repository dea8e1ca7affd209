/**
 * Activity tasks waiting for workers (GetActivityTask), by activity ARN.
 *
 * A Task whose Resource is an activity ARN is scheduled here (ActivityScheduled); a worker that
 * polls the activity takes the oldest task still wanted and gets `{taskToken, input}`; the task is
 * then started (ActivityStarted with the worker's name) and waits for the worker's answer through
 * the broker (callbacks.ts). A poll waits up to 60 seconds for a task, as GetActivityTask's long
 * poll does ("If no task is available within 60 seconds, the poll returns a taskToken with a null
 * string", API reference), then answers with no task.
 */
import type { Json } from './json';

/** GetActivityTask's longest wait (API reference: "The maximum time the service holds on to the request before responding is 60 seconds"). */
export const ACTIVITY_POLL_MS = 60_000;

/** A task waiting for a worker. */
export interface ActivityTask {
  token: string;
  /** The task's effective input. */
  input: Json;
  /** False once the task no longer wants a worker (its execution stopped, it timed out). */
  wanted(): boolean;
  /** A worker took it (ActivityStarted). */
  started(workerName: string | undefined): void;
}

export interface ActivityAssignment {
  taskToken: string;
  /** The task's input, JSON text. */
  input: string;
}

interface Poller {
  resolve(a: ActivityAssignment | null): void;
  workerName: string | undefined;
}

class ActivityQueue {
  readonly tasks: ActivityTask[] = [];
  readonly pollers: Poller[] = [];
}

export class ActivityQueues {
  private readonly queues = new Map<string, ActivityQueue>();

  private queue(arn: string): ActivityQueue {
    let q = this.queues.get(arn);
    if (q === undefined) this.queues.set(arn, (q = new ActivityQueue()));
    return q;
  }

  /** A task of activity `arn` waits for a worker: the first poller waiting gets it at once. */
  schedule(arn: string, task: ActivityTask): void {
    const q = this.queue(arn);
    const poller = q.pollers.shift();
    if (poller !== undefined) poller.resolve(this.assign(task, poller.workerName));
    else q.tasks.push(task);
  }

  /**
   * GetActivityTask: the oldest task of the activity still wanted, at once or when one is
   * scheduled within `waitMs`; null when none comes (or the poll is cancelled).
   */
  poll(arn: string, workerName: string | undefined, waitMs = ACTIVITY_POLL_MS, signal?: AbortSignal): Promise<ActivityAssignment | null> {
    const q = this.queue(arn);
    while (q.tasks.length) {
      const task = q.tasks.shift() as ActivityTask;
      if (task.wanted()) return Promise.resolve(this.assign(task, workerName));
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (a: ActivityAssignment | null) => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', cancel);
        resolve(a);
      };
      const poller: Poller = { resolve: done, workerName };
      const cancel = () => {
        const i = q.pollers.indexOf(poller);
        if (i >= 0) q.pollers.splice(i, 1);
        done(null);
      };
      q.pollers.push(poller);
      timer = setTimeout(cancel, waitMs);
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /** Tasks of the activity waiting for a worker. */
  waiting(arn: string): number {
    const q = this.queues.get(arn);
    return q === undefined ? 0 : q.tasks.filter((t) => t.wanted()).length;
  }

  private assign(task: ActivityTask, workerName: string | undefined): ActivityAssignment {
    task.started(workerName);
    return { taskToken: task.token, input: JSON.stringify(task.input) };
  }
}
