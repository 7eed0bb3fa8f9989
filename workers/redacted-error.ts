import { UnrecoverableError, type Job } from 'bullmq';
import { redactText } from '../src/redact.ts';

// BullMQ's control-flow errors carry no text of ours and must keep their identity.
const CONTROL = new Set(['DelayedError', 'WaitingError', 'WaitingChildrenError', 'RateLimitError']);

/**
 * What BullMQ keeps of a failed attempt (its message and stack) is shown on the queue
 * dashboard: the message redacted (addresses, URLs), and no stack, whose frames are server
 * paths. An UnrecoverableError stays one, so BullMQ still does not retry it.
 */
export function redactedError(err: unknown): Error {
  if (err instanceof Error && CONTROL.has(err.name)) return err;
  const message = redactText(err instanceof Error ? err.message : String(err));
  const permanent = err instanceof Error && err.name === 'UnrecoverableError';
  const safe = permanent ? new UnrecoverableError(message) : new Error(message);
  safe.stack = `${safe.name}: ${message}`;
  return safe;
}

/** A BullMQ processor whose failures reach Redis (and the dashboard) redacted. */
export function withRedactedErrors<T>(processor: (job: Job, token?: string) => Promise<T>): (job: Job, token?: string) => Promise<T> {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (err) {
      throw redactedError(err);
    }
  };
}
