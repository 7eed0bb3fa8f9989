/** What happened to one recipient's briefing for one local date (docs/design.md "status"). */
export const OUTCOME_STATUSES = [
  'sent',
  'skipped:opted-out',
  'skipped:disabled',
  'skipped:paused',
  'skipped:empty',
  'skipped:not-workday',
  'skipped:missed',
  'skipped:stale',
  'unknown',
  'failed',
  'pending',
] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/**
 * `sending` is internal: the message is being handed to SMTP. It is shown as `pending`, and
 * it is what makes a second worker (or a retry after a crash) stand back instead of sending
 * the same briefing again.
 */
export type StoredStatus = OutcomeStatus | 'sending';

export interface Outcome {
  readonly status: StoredStatus;
  readonly at: string;
  /** Why: the SMTP reply for `failed`, the last error while retrying for `pending`, … */
  readonly reason?: string;
  /** A re-send someone forced (`send --recipient ID --force`), pending or sent. */
  readonly forced?: boolean;
}

export function publicStatus(status: StoredStatus): OutcomeStatus {
  return status === 'sending' ? 'pending' : status;
}

/** Statuses that always carry a reason: their lists are read from the reasons alone. */
export const REASONED_STATUSES: readonly OutcomeStatus[] = ['failed', 'unknown', 'skipped:stale', 'skipped:missed', 'skipped:paused'];
