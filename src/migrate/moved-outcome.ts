import { deliveryUnknownReason } from '../check/check-briefing.ts';
import { REASONED_STATUSES, type Outcome } from '../delivery/outcome.ts';
import type { LegacyOutcome } from '../store/legacy/legacy-records.ts';
import type { LocalDate } from '../time/zones.ts';

// This layout lists these statuses from their reasons alone; the earlier one kept none for them.
const EARLIER_REASONS: Partial<Record<LegacyOutcome['status'], string>> = {
  'skipped:missed': 'the service was not running at the send time and did not catch up within CATCH_UP (recorded by the earlier version, which kept no details)',
  'skipped:paused': 'the organisation was paused at the send time (recorded by the earlier version, which kept no details)',
  failed: 'failed (the earlier version kept no reason)',
};

/**
 * An outcome of the earlier layout as this one records it. A briefing the earlier version
 * left "being handed to SMTP" had its worker stopped mid-handover (no worker runs during a
 * migration): it may or may not have arrived, so it becomes `unknown`, never sent again
 * without --force, as this version rules such a briefing.
 */
export function movedOutcome(o: LegacyOutcome, date: LocalDate): Outcome {
  if (o.status === 'sending') return { status: 'unknown', at: o.at, reason: deliveryUnknownReason(date, o.id) };
  const reason = o.reason ?? (REASONED_STATUSES.includes(o.status) ? EARLIER_REASONS[o.status] : undefined);
  return { status: o.status, at: o.at, ...(reason ? { reason } : {}) };
}
