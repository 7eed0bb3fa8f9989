import type { StoredStatus } from '../delivery/outcome.ts';
import type { OutcomeStore, OutcomeTarget } from '../store/outcome-store.ts';
import type { LocalDate } from '../time/zones.ts';

/** What the worker does after a gate check. */
export type CheckResult =
  | { readonly kind: 'go' }
  /**
   * Nothing more to do for this briefing; `status` is what it ended as. `recorded`: this
   * check recorded it (count and log it), rather than finding it so.
   */
  | { readonly kind: 'done'; readonly status: StoredStatus; readonly recorded: boolean }
  /** Another worker is handing it to SMTP right now: look again later (a retry). */
  | { readonly kind: 'busy' }
  /** The organisation is paused: wait until `until` (epoch ms) and check again. */
  | { readonly kind: 'hold'; readonly until: number };

export interface CheckDeps {
  readonly outcomes: OutcomeStore;
  /** How late a briefing held by `pause` may still go out after its send time. */
  readonly catchUpMs: number;
  /** How long a handover mark is taken to belong to a live worker. */
  readonly handoverLeaseMs: number;
  /** How often a briefing held by `pause` looks again (default a minute). */
  readonly holdRecheckMs?: number;
}

export interface Briefing {
  readonly target: OutcomeTarget;
  readonly date: LocalDate;
  /** When it was due (epoch ms): CATCH_UP counts from here while the organisation is paused. */
  readonly dueAt: number;
  readonly force: boolean;
}

/** While paused, a held briefing looks again this often: after `resume`, it goes out within this long. */
export const HOLD_RECHECK_MS = 60_000;

/** The reason of an `unknown` outcome: what happened, and the one way to send it anyway. */
export function deliveryUnknownReason(date: LocalDate, id: string): string {
  return (
    'delivery unknown: the worker stopped while handing this message to SMTP, so it may have been delivered; ' +
    `it is not sent again (a duplicate is worse than a miss). To send it anyway: briefing send --date ${date} --recipient ${id} --force`
  );
}

/**
 * The "check" step of the flow: the organisation switch, the admin's switch, the opt-out, the
 * recipient's own pause, a later briefing gone out already, and "sent already", all read in
 * one atomic step with the handover mark (see src/store/lua/gate-6.lua). This decides what
 * the gate's answer means for the worker; it records what the gate itself does not.
 */
export async function checkBriefing(deps: CheckDeps, b: Briefing, mode: 'check' | 'handover', now: Date): Promise<CheckResult> {
  const verdict = await deps.outcomes.gate(b.date, b.target, mode, { now, force: b.force });
  switch (verdict.kind) {
    case 'ok':
      return { kind: 'go' };
    case 'duplicate':
      return { kind: 'done', status: 'sent', recorded: false };
    case 'unknown':
      return { kind: 'done', status: 'unknown', recorded: false };
    case 'stopped':
      return { kind: 'done', status: verdict.outcome.status, recorded: true };
    case 'in-handover': {
      // Another worker took it between our two checks: it is theirs to send.
      if (mode === 'handover') return { kind: 'done', status: 'sending', recorded: false };
      if (now.getTime() - Date.parse(verdict.current.at) < deps.handoverLeaseMs) return { kind: 'busy' };
      // A worker died while handing this message over: it may or may not have gone out.
      // At most one briefing per day wins over delivery, so it is not sent again.
      await deps.outcomes.record(b.date, b.target, { status: 'unknown', at: now.toISOString(), reason: deliveryUnknownReason(b.date, b.target.id) });
      return { kind: 'done', status: 'unknown', recorded: true };
    }
    case 'held': {
      const deadline = b.dueAt + deps.catchUpMs;
      const since = verdict.pausedSince;
      if (now.getTime() > deadline) {
        const reason = `the organisation was paused (since ${since}) until more than CATCH_UP (${Math.round(deps.catchUpMs / 60_000)} min) after its send time`;
        await deps.outcomes.record(b.date, b.target, { status: 'skipped:paused', at: now.toISOString(), reason });
        return { kind: 'done', status: 'skipped:paused', recorded: true };
      }
      const reason = `held: the organisation is paused (since ${since}); it goes out after \`briefing resume\` until ${new Date(deadline).toISOString()}`;
      await deps.outcomes.record(b.date, b.target, { status: 'pending', at: now.toISOString(), reason });
      return { kind: 'hold', until: Math.min(now.getTime() + (deps.holdRecheckMs ?? HOLD_RECHECK_MS), deadline + 1000) };
    }
  }
}
