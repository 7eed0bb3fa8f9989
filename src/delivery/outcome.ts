/** What happened to one recipient's briefing for one local date (DESIGN.md "status"). */
export const OUTCOME_STATUSES = [
  'sent',
  'skipped:opted-out',
  'skipped:disabled',
  'skipped:paused',
  'skipped:empty',
  'skipped:not-workday',
  'skipped:missed',
  // The worker stopped while handing the message to SMTP: it may have gone out. Final, like
  // `sent`: only `briefing send --recipient ID --force` sends it again.
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
  /** Why: the SMTP reply for `failed`, the last error while retrying for `pending`. */
  readonly reason?: string;
  readonly messageId?: string;
  /** Set on a re-send someone forced (`send --force`) over a `sent` or `unknown` outcome. */
  readonly forced?: boolean;
}

/** The reason of an `unknown` outcome: what happened, and the one way to send it anyway. */
export function deliveryUnknownReason(date: string, id: string): string {
  return (
    'delivery unknown: the worker stopped while handing this message to SMTP, so it may have been delivered; ' +
    `it is not sent again (a duplicate is worse than a miss). To send it anyway: briefing send --date ${date} --recipient ${id} --force`
  );
}

export function publicStatus(status: StoredStatus): OutcomeStatus {
  return status === 'sending' ? 'pending' : status;
}
