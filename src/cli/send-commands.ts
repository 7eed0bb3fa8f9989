import type { Command } from 'commander';
import { OUTCOME_STATUSES, type OutcomeStatus } from '../delivery/outcome.ts';
import { DEFAULT_STATUS_LIMIT, statusReport } from '../delivery/status-report.ts';
import { out, outJson, UsageError, type CliContext } from './cli-context.ts';
import { parseDateOption, table } from './options.ts';
import { addEnqueueResult, emptyEnqueueResult, sendAll } from '../queue/send-all.ts';
import type { EnqueueResult } from '../queue/enqueue-briefings.ts';

/** `queued 2 briefings for 2026-11-24 (1 forced re-send; 1 already sent, 1 of unknown delivery: left alone — …)`. */
function describeEnqueued(date: string, r: EnqueueResult & { forced?: number; notWorkday?: number }): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const forced = r.forced ? plural(r.forced, 'forced re-send') : '';
  const left = [
    r.alreadyQueued > 0 && `${r.alreadyQueued} already queued`,
    r.alreadySent > 0 && `${r.alreadySent} already sent`,
    r.unknown > 0 && `${r.unknown} of unknown delivery`,
  ].filter(Boolean);
  const hint = r.unknown > 0 ? ' — `briefing status` says why; --recipient ID --force sends one anyway' : '';
  const notes = [
    forced,
    left.length ? `${left.join(', ')}: left alone${hint}` : '',
    r.notWorkday ? `${r.notWorkday} for whom it is not a workday` : '',
  ].filter(Boolean).join('; ');
  return `queued ${plural(r.queued, 'briefing')} for ${date}${notes ? ` (${notes})` : ''}`;
}

function parseOutcome(value: string): OutcomeStatus {
  if (!(OUTCOME_STATUSES as readonly string[]).includes(value)) {
    throw new UsageError(`--outcome ${JSON.stringify(value)}: expected one of ${OUTCOME_STATUSES.join(', ')}`);
  }
  return value as OutcomeStatus;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 10_000) throw new UsageError(`--limit ${JSON.stringify(value)}: expected a whole number from 1 to 10000`);
  return n;
}

export function registerSendCommands(program: Command, ctx: CliContext): void {
  program
    .command('send')
    .description('queue briefings now for a local date, whatever the clock says (at most one per recipient per date)')
    .requiredOption('--date <YYYY-MM-DD>', 'the recipients’ local date', parseDateOption)
    .option('--all', 'everyone on the roster (their workdays still apply)')
    .option('--recipient <id...>', 'these recipients only (a re-send; workdays do not apply)')
    .option('--force', 'with --recipient: send again even if delivered, of unknown delivery or stale (recorded as a forced re-send)')
    .action(async (opts: { date: string; all?: boolean; recipient?: string[]; force?: boolean }) => {
      if (Boolean(opts.all) === Boolean(opts.recipient)) throw new UsageError('send: give either --all or --recipient ID…');
      if (opts.force && !opts.recipient) {
        throw new UsageError('send: --force works with --recipient ID… only (a forced re-send is a decision about one person, never the whole roster)');
      }
      const services = await ctx.connect();
      if (opts.force) {
        const ids = [...new Set(opts.recipient)];
        const found = await services.roster.getMany(ids);
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new UsageError(`not on the roster: ${missing.join(', ')} (nothing was queued)`);
        const { queued, inHandover } = await services.resend(opts.date, [...found.values()]);
        out(describeEnqueued(opts.date, { ...emptyEnqueueResult(), queued: queued.length, forced: queued.length }));
        if (inHandover.length > 0) {
          throw new UsageError(`being handed to SMTP right now: ${inHandover.join(', ')} — left alone; look at \`briefing status --date ${opts.date}\` in a minute`);
        }
        return;
      }
      const total = emptyEnqueueResult();
      let resting = 0;
      if (opts.all) {
        const result = await sendAll(services, opts.date);
        if (result.roster === 0) throw new UsageError('the roster is empty: load one with `briefing recipients import FILE`');
        addEnqueueResult(total, result);
        resting = result.notWorkday;
      } else {
        const ids = [...new Set(opts.recipient)];
        const found = await services.roster.getMany(ids);
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new UsageError(`not on the roster: ${missing.join(', ')} (nothing was queued)`);
        addEnqueueResult(total, await services.enqueue(opts.date, [...found.values()], 'recipient'));
      }
      out(describeEnqueued(opts.date, { ...total, notWorkday: resting }));
      if (total.queued > 0 && (await services.sendQueues.all[0]!.getWorkersCount()) === 0) {
        process.stderr.write('note: no worker is running; they will go out once `briefing worker` or `briefing start` runs\n');
      }
    });

  program
    .command('status')
    .description('what happened to each briefing of a local date, and why')
    .requiredOption('--date <YYYY-MM-DD>', 'the recipients’ local date', parseDateOption)
    .option('--outcome <outcome>', `only recipients with this outcome (${OUTCOME_STATUSES.join(', ')})`, parseOutcome)
    .option('--limit <n>', 'recipients per page (1-10000, default 1000)', parseLimit, DEFAULT_STATUS_LIMIT)
    .option('--cursor <cursor>', 'the next page: the cursor the previous page printed')
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { date: string; json?: boolean; outcome?: OutcomeStatus; limit: number; cursor?: string }) => {
      const services = await ctx.connect();
      const report = await statusReport(services, opts.date, { status: opts.outcome, limit: opts.limit, cursor: opts.cursor });
      if (opts.json) return outJson(report);
      const { paused, counts, notQueued, recipients: rows, nextCursor } = report;
      out(`Briefings for ${opts.date}${paused ? ' — PAUSED (briefing resume to continue)' : ''}`);
      out(table(OUTCOME_STATUSES.filter((s) => counts[s] > 0).map((s) => [`  ${s}`, String(counts[s])])) || '  nothing queued');
      if (notQueued > 0) out(`  ${notQueued} on the roster without an outcome for this date (not due yet, or not queued)`);
      if (counts.unknown > 0) {
        const one = counts.unknown === 1;
        out(
          `  unknown: the worker stopped while handing ${one ? 'this briefing' : 'these briefings'} to SMTP, so ${one ? 'it' : 'they'} may have been delivered.\n` +
            `  Not sent again (a duplicate is worse than a miss); \`send --all\` leaves ${one ? 'it' : 'them'} alone. To send one anyway: briefing send --date ${opts.date} --recipient ID --force`,
        );
      }
      if (rows.length > 0) {
        out('');
        const why = (r: (typeof rows)[number]) => [r.forced ? 'forced re-send' : '', r.reason ?? ''].filter(Boolean).join(': ');
        out(table([['ID', 'STATUS', 'AT', 'REASON'], ...rows.map((r) => [r.id, r.status, r.at, why(r)])]));
      }
      if (nextCursor) out(`\nmore: briefing status --date ${opts.date}${opts.outcome ? ` --outcome ${opts.outcome}` : ''} --cursor ${nextCursor}`);
    });

  program
    .command('pause')
    .description('organisation-wide switch off: no briefing is sent until resume')
    .action(async () => {
      const services = await ctx.connect();
      await services.orgSwitch.pause();
      const minutes = Math.round(ctx.config.catchUpMs / 60_000);
      out(
        'paused: no briefing is sent until `briefing resume`. Briefings that come due meanwhile wait; ' +
          `on resume, those still within CATCH_UP (${minutes} min) of their send time go out, ` +
          'later ones are recorded skipped:paused. Opted-out and disabled people are recorded as such, as always.',
      );
    });

  program
    .command('resume')
    .description('organisation-wide switch back on')
    .action(async () => {
      const services = await ctx.connect();
      await services.orgSwitch.resume();
      out('resumed: briefings are sent again');
    });
}
