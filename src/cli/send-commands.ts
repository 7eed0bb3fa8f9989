import type { Command } from 'commander';
import { OUTCOME_STATUSES } from '../delivery/outcome.ts';
import { out, outJson, UsageError, type CliContext } from './cli-context.ts';
import { parseDateOption, table } from './options.ts';
import type { EnqueueResult } from '../queue/enqueue-briefings.ts';

/** `queued 2 briefings for 2026-11-24 (1 forced re-send; 1 already sent, 1 of unknown delivery: left alone — …)`. */
function describeEnqueued(date: string, r: EnqueueResult): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const forced = r.forced > 0 ? `${plural(r.forced, 'forced re-send')}` : '';
  const left = [
    r.alreadyQueued > 0 && `${r.alreadyQueued} already queued`,
    r.alreadySent > 0 && `${r.alreadySent} already sent`,
    r.unknown > 0 && `${r.unknown} of unknown delivery`,
  ].filter(Boolean);
  const hint = r.unknown > 0 ? ' — `briefing status` says why; --recipient ID --force sends one anyway' : '';
  const notes = [forced, left.length ? `${left.join(', ')}: left alone${hint}` : ''].filter(Boolean).join('; ');
  return `queued ${plural(r.queued, 'briefing')} for ${date}${notes ? ` (${notes})` : ''}`;
}

export function registerSendCommands(program: Command, ctx: CliContext): void {
  program
    .command('send')
    .description('queue briefings now for a local date, whatever the clock says (at most one per recipient per date)')
    .requiredOption('--date <YYYY-MM-DD>', 'the recipients’ local date', parseDateOption)
    .option('--all', 'everyone on the roster (their workdays still apply)')
    .option('--recipient <id...>', 'these recipients only (a re-send; workdays do not apply)')
    .option('--force', 'with --recipient: send again even if sent or of unknown delivery (recorded as forced)')
    .action(async (opts: { date: string; all?: boolean; recipient?: string[]; force?: boolean }) => {
      if (Boolean(opts.all) === Boolean(opts.recipient)) throw new UsageError('send: give either --all or --recipient ID…');
      if (opts.force && !opts.recipient) {
        throw new UsageError('send: --force works with --recipient ID… only (a forced re-send is a decision about one person, never the whole roster)');
      }
      const services = await ctx.connect();
      let ids: string[];
      if (opts.all) {
        ids = (await services.roster.list()).map((r) => r.id);
        if (ids.length === 0) throw new UsageError('the roster is empty: load one with `briefing recipients import FILE`');
      } else {
        ids = [...new Set(opts.recipient)];
        const found = await services.roster.getMany(ids);
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new UsageError(`not on the roster: ${missing.join(', ')} (nothing was queued)`);
      }
      const result = await services.enqueue(opts.date, ids, opts.all ? 'all' : 'recipient', { force: opts.force });
      out(describeEnqueued(opts.date, result));
      if (result.queued > 0 && (await services.sendQueue.getWorkersCount()) === 0) {
        process.stderr.write('note: no worker is running; they will go out once `briefing worker` or `briefing start` runs\n');
      }
    });

  program
    .command('status')
    .description('what happened to each briefing of a local date, and why')
    .requiredOption('--date <YYYY-MM-DD>', 'the recipients’ local date', parseDateOption)
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { date: string; json?: boolean }) => {
      const services = await ctx.connect();
      const { statusReport } = await import('../delivery/status-report.ts');
      const report = await statusReport(services, opts.date);
      if (opts.json) return outJson(report);
      const { paused, counts, notQueued, recipients: rows } = report;
      out(`Briefings for ${opts.date}${paused ? ' — PAUSED (briefing resume to continue)' : ''}`);
      out(table(OUTCOME_STATUSES.filter((s) => counts[s] > 0).map((s) => [`  ${s}`, String(counts[s])])) || '  nothing queued');
      if (notQueued > 0) out(`  ${notQueued} on the roster without an outcome for this date (not due yet, or not queued)`);
      if (counts.unknown > 0) {
        out(
          `  unknown: the worker stopped while handing ${counts.unknown === 1 ? 'this briefing' : 'these briefings'} to SMTP, so ${counts.unknown === 1 ? 'it' : 'they'} may have been delivered.\n` +
            `  Not sent again (a duplicate is worse than a miss); \`send --all\` leaves ${counts.unknown === 1 ? 'it' : 'them'} alone. To send one anyway: briefing send --date ${opts.date} --recipient ID --force`,
        );
      }
      if (rows.length > 0) {
        out('');
        const why = (r: (typeof rows)[number]) => [r.forced ? 'forced re-send' : '', r.reason ?? ''].filter(Boolean).join(': ');
        out(table([['ID', 'STATUS', 'AT', 'REASON'], ...rows.map((r) => [r.id, r.status, r.at, why(r)])]));
      }
    });

  program
    .command('pause')
    .description('organisation-wide switch off: no briefing is sent until resume')
    .action(async () => {
      const services = await ctx.connect();
      await services.orgSwitch.pause();
      out('paused: no briefing will be sent until `briefing resume`');
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
