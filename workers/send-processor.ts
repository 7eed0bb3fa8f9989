import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from '../src/logger.ts';
import { redactText } from '../src/redact.ts';
import type { ContentSource } from '../src/content/content-source.ts';
import { isEmptyDay } from '../src/content/briefing-day.ts';
import { describeSkippedEvents } from '../src/content/skipped-events.ts';
import type { RosterStore } from '../src/store/roster-store.ts';
import type { OutcomeStore } from '../src/store/outcome-store.ts';
import type { Outcome, StoredStatus } from '../src/delivery/outcome.ts';
import type { MailTransport } from '../src/delivery/mail-transport.ts';
import { composeBriefing, type ComposeDeps } from '../src/compose/compose-briefing.ts';
import { describeSmtpError, isPermanentSmtpError } from '../src/delivery/smtp-error.ts';
import { checkBriefing, type Briefing, type CheckResult } from '../src/check/check-briefing.ts';
import { parseSendJob } from '../src/queue/send-job.ts';
import type { ZoneTable } from '../src/store/zones.ts';
import { weekdayOf } from '../src/time/zones.ts';
import { onlySections } from '../src/preferences/only-sections.ts';
import { ALL_ON, withoutOrgSections, withoutRemoteFeeds, type OrgSettings } from '../src/org/org-settings.ts';

export interface SendProcessorDeps {
  readonly roster: Pick<RosterStore, 'get'>;
  readonly outcomes: OutcomeStore;
  /** Jobs carry their recipient's zone by number. */
  readonly zones: Pick<ZoneTable, 'nameOf'>;
  readonly content: ContentSource;
  readonly compose: ComposeDeps;
  readonly transport: MailTransport;
  readonly logger: Logger;
  /** The organisation's data controls, read through a short cache (`cachedOrgSettings`); none: everything on. */
  readonly orgSettings?: () => Promise<OrgSettings>;
  /** How long a handover mark is trusted to belong to a live worker (SMTP timeouts are below it). */
  readonly handoverLeaseMs?: number;
  /** How late a briefing held while the organisation is paused may still go out. */
  readonly catchUpMs?: number;
  /** How often a held briefing looks again (tests shorten the minute). */
  readonly holdRecheckMs?: number;
  readonly now?: () => Date;
  /** Called with each final outcome and the time spent in render and SMTP, for metrics. */
  readonly observe?: (event: SendObservation) => void;
}

export interface SendObservation {
  readonly status: StoredStatus;
  readonly renderSeconds?: number;
  readonly smtpSeconds?: number;
}

/** Content errors worth another try later: the feed's server may be back (time-outs, network errors, 5xx, 429). */
function isTransientContentError(code: string | undefined): boolean {
  return code === 'TIMEOUT' || code === 'NETWORK' || code === 'HTTP_429' || /^HTTP_5\d\d$/.test(code ?? '');
}

/**
 * One briefing for one recipient and date: check → content → render → check again → SMTP →
 * record. Returns the final status. Retryable failures throw; permanent ones throw
 * UnrecoverableError after recording `failed`; a briefing held by `pause` goes back to the
 * queue delayed (DelayedError) without using an attempt.
 */
export function createSendProcessor(deps: SendProcessorDeps) {
  const now = deps.now ?? (() => new Date());
  const checkDeps = {
    outcomes: deps.outcomes,
    handoverLeaseMs: deps.handoverLeaseMs ?? 120_000,
    catchUpMs: deps.catchUpMs ?? 2 * 3_600_000,
    holdRecheckMs: deps.holdRecheckMs,
  };

  return async function processSend(job: Job, token?: string): Promise<StoredStatus> {
    const parsed = parseSendJob(job);
    if (!parsed.ok) throw new UnrecoverableError(`invalid job data: ${parsed.problem}`);
    const { recipientId: id, date, trigger, seq, zone } = parsed.job;
    const timeZone = typeof zone === 'string' ? zone : await deps.zones.nameOf(zone);
    if (timeZone === undefined) throw new UnrecoverableError(`invalid job data: no time zone number ${zone}`);
    const briefing: Briefing = { target: { id, seq, timeZone }, date, dueAt: parsed.job.dueAt ?? job.timestamp, force: parsed.job.force ?? false };
    // A forced re-send says so in every outcome it records (`briefing status`).
    const mark = (outcome: Outcome): Outcome => (briefing.force ? { ...outcome, forced: true } : outcome);
    const log = deps.logger.child({ recipientId: id, date, jobId: job.id, attempt: job.attemptsMade + 1 });
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    const finish = async (outcome: Outcome, timings: Omit<SendObservation, 'status'> = {}) => {
      await deps.outcomes.record(date, briefing.target, mark(outcome));
      deps.observe?.({ status: outcome.status, ...timings });
      log.info({ outcome: outcome.status, reason: redactText(outcome.reason) }, 'briefing outcome');
      return outcome.status;
    };
    const fail = async (reason: string, retryable: boolean, error: Error) => {
      if (retryable && !isLastAttempt) {
        await deps.outcomes.record(date, briefing.target, mark({
          status: 'pending',
          at: now().toISOString(),
          reason: `retrying after: ${reason} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})`,
        }));
        log.warn({ reason: redactText(reason) }, 'send failed, will retry');
        throw error;
      }
      await finish({ status: 'failed', at: now().toISOString(), reason });
      throw new UnrecoverableError(reason);
    };
    /** The answer of a check when it is not "go": stop here (returns the status) or wait. */
    const settle = async (result: Exclude<CheckResult, { kind: 'go' }>, timings: Omit<SendObservation, 'status'> = {}) => {
      if (result.kind === 'busy') throw new Error('another worker is handing this briefing to SMTP; checking again later');
      if (result.kind === 'hold') {
        log.info({ until: new Date(result.until).toISOString() }, 'held while the organisation is paused');
        await job.moveToDelayed(result.until, token);
        throw new DelayedError();
      }
      if (result.recorded) {
        deps.observe?.({ status: result.status, ...timings });
        log.info({ outcome: result.status }, 'briefing outcome');
      }
      return result.status;
    };

    // 1. Cheap checks first: no content is fetched for someone who will not get an email.
    const first = await checkBriefing(checkDeps, briefing, 'check', now());
    if (first.kind !== 'go') return settle(first);

    const recipient = await deps.roster.get(id);
    if (!recipient) return fail('not on the roster', false, new Error('not on the roster'));
    if (trigger !== 'recipient' && !recipient.workdays.includes(weekdayOf(date))) {
      return finish({ status: 'skipped:not-workday', at: now().toISOString() });
    }

    // 2. Content, as the organisation allows it: without remote feeds their http(s) sources
    //    are not fetched at all, and a section turned off for everyone wins over their choice.
    let day;
    try {
      const org = deps.orgSettings ? await deps.orgSettings() : ALL_ON;
      // Only the sections the recipient chose: a day with nothing left of them is empty.
      day = withoutOrgSections(onlySections(await deps.content.load(withoutRemoteFeeds(recipient, org), date), recipient), org);
    } catch (err) {
      const e = err as Error & { code?: string };
      return fail(`content: ${e.message}`, isTransientContentError(e.code), e);
    }
    const leftOut = describeSkippedEvents(day.skippedEvents);
    if (isEmptyDay(day)) return finish({ status: 'skipped:empty', at: now().toISOString(), ...(leftOut && { reason: leftOut }) });

    // 3. Render.
    const renderStarted = performance.now();
    const composed = composeBriefing(deps.compose, { recipient, day, ...(briefing.force ? { resend: String(job.id) } : {}) });
    const renderSeconds = (performance.now() - renderStarted) / 1000;
    if (!composed.ok) return fail(composed.description, false, new Error('template'));
    const { message } = composed;

    // 4. Immediately before the handover: the org switch, the admin switch and the opt-out,
    //    read and the handover marked in one atomic step.
    const gate = await checkBriefing(checkDeps, briefing, 'handover', now());
    if (gate.kind !== 'go') return settle(gate, { renderSeconds });

    // 5. SMTP.
    const smtpStarted = performance.now();
    let receipt;
    try {
      receipt = await deps.transport.send(message, `${date}_${id}`);
    } catch (err) {
      return fail(describeSmtpError(err), !isPermanentSmtpError(err), err as Error);
    }
    const smtpSeconds = (performance.now() - smtpStarted) / 1000;
    return finish({ status: 'sent', at: now().toISOString(), ...(leftOut && { reason: leftOut }) }, { renderSeconds, smtpSeconds });
  };
}
