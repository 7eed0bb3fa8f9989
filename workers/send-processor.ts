import { UnrecoverableError, type Job } from 'bullmq';
import { maskAddresses, type Logger } from '../src/logger.ts';
import type { ContentSource } from '../src/content/content-source.ts';
import { isEmptyDay } from '../src/content/briefing-day.ts';
import type { RosterStore } from '../src/recipients/roster-store.ts';
import type { OutcomeStore } from '../src/delivery/outcome-store.ts';
import type { Outcome, StoredStatus } from '../src/delivery/outcome.ts';
import type { MailTransport } from '../src/delivery/mail-transport.ts';
import { composeBriefing, type ComposeDeps } from '../src/compose/compose-briefing.ts';
import { describeSmtpError, isPermanentSmtpError } from '../src/delivery/smtp-error.ts';
import { sendJobSchema } from '../src/queue/send-job.ts';
import { weekdayOf } from '../src/time/zones.ts';
import { isPausedOn } from '../src/preferences/preferences.ts';
import { onlySections } from '../src/preferences/only-sections.ts';

export interface SendProcessorDeps {
  readonly roster: RosterStore;
  readonly outcomes: OutcomeStore;
  readonly content: ContentSource;
  readonly compose: ComposeDeps;
  readonly transport: MailTransport;
  readonly logger: Logger;
  /** How long a handover mark is trusted to belong to a live worker (SMTP timeouts are below it). */
  readonly handoverLeaseMs?: number;
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
 * One briefing for one recipient and date: gate → content → render → gate again → SMTP →
 * record. Returns the final status. Retryable failures throw; permanent ones throw
 * UnrecoverableError after recording `failed`.
 */
export function createSendProcessor(deps: SendProcessorDeps) {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.handoverLeaseMs ?? 120_000;

  return async function processSend(job: Job): Promise<StoredStatus> {
    const parsed = sendJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid job data: ${parsed.error.issues[0]?.message}`);
    const { recipientId: id, date, trigger } = parsed.data;
    const log = deps.logger.child({ recipientId: id, date, jobId: job.id, attempt: job.attemptsMade + 1 });
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

    const finish = async (outcome: Outcome, timings: Omit<SendObservation, 'status'> = {}) => {
      await deps.outcomes.record(date, id, outcome);
      deps.observe?.({ status: outcome.status, ...timings });
      log.info({ outcome: outcome.status, reason: maskAddresses(outcome.reason) }, 'briefing outcome');
      return outcome.status;
    };
    const fail = async (reason: string, retryable: boolean, error: Error) => {
      if (retryable && !isLastAttempt) {
        await deps.outcomes.record(date, id, {
          status: 'pending',
          at: now().toISOString(),
          reason: `retrying after: ${reason} (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})`,
        });
        log.warn({ reason: maskAddresses(reason) }, 'send failed, will retry');
        throw error;
      }
      await finish({ status: 'failed', at: now().toISOString(), reason });
      throw new UnrecoverableError(reason);
    };

    // 1. Cheap checks first: no content is fetched for someone who will not get an email.
    const first = await deps.outcomes.gate(date, id, 'check', now());
    if (first.kind === 'duplicate') return 'sent';
    if (first.kind === 'in-handover') {
      const age = now().getTime() - Date.parse(first.current.at);
      if (age < leaseMs) throw new Error('another worker is handing this briefing to SMTP; checking again later');
      // A worker died while handing this message over: it may or may not have gone out.
      // At most one briefing per day wins over delivery, so it is not sent again.
      return finish({
        status: 'failed',
        at: now().toISOString(),
        reason: 'delivery unknown: the worker stopped while handing this message to SMTP; not re-sent to avoid a duplicate',
      });
    }
    if (first.kind === 'stopped') {
      deps.observe?.({ status: first.outcome.status });
      log.info({ outcome: first.outcome.status }, 'briefing outcome');
      return first.outcome.status;
    }

    const recipient = await deps.roster.get(id);
    if (!recipient) return fail('not on the roster', false, new Error('not on the roster'));
    if (trigger !== 'recipient' && !recipient.workdays.includes(weekdayOf(date))) {
      return finish({ status: 'skipped:not-workday', at: now().toISOString() });
    }
    // The recipient's own pause (preferences page). An explicit re-send by an admin
    // (`send --recipient`) is paused too: the person asked for quiet, not the admin.
    if (isPausedOn(recipient, date)) {
      return finish({ status: 'skipped:paused', at: now().toISOString(), reason: `paused by the recipient until ${recipient.pausedUntil}` });
    }

    // 2. Content.
    let day;
    try {
      // Only the sections the recipient chose: a day with nothing left of them is empty.
      day = onlySections(await deps.content.load(recipient, date), recipient);
    } catch (err) {
      const e = err as Error & { code?: string };
      return fail(`content: ${e.message}`, isTransientContentError(e.code), e);
    }
    if (isEmptyDay(day)) return finish({ status: 'skipped:empty', at: now().toISOString() });

    // 3. Render.
    const renderStarted = performance.now();
    const composed = composeBriefing(deps.compose, { recipient, day });
    const renderSeconds = (performance.now() - renderStarted) / 1000;
    if (!composed.ok) return fail(composed.description, false, new Error('template'));
    const { message } = composed;

    // 4. Immediately before the handover: the org switch, the admin switch and the opt-out,
    //    read and the handover marked in one atomic step.
    const gate = await deps.outcomes.gate(date, id, 'handover', now());
    if (gate.kind === 'duplicate' || gate.kind === 'in-handover') return 'sent';
    if (gate.kind === 'stopped') {
      deps.observe?.({ status: gate.outcome.status, renderSeconds });
      log.info({ outcome: gate.outcome.status }, 'briefing outcome');
      return gate.outcome.status;
    }

    // 5. SMTP.
    const smtpStarted = performance.now();
    let receipt;
    try {
      receipt = await deps.transport.send(message, `${date}_${id}`);
    } catch (err) {
      return fail(describeSmtpError(err), !isPermanentSmtpError(err), err as Error);
    }
    const smtpSeconds = (performance.now() - smtpStarted) / 1000;
    return finish({ status: 'sent', at: now().toISOString(), messageId: receipt.messageId }, { renderSeconds, smtpSeconds });
  };
}
