import type { Command } from 'commander';
import { OUTCOME_STATUSES } from '../delivery/outcome.ts';
import { out, outJson, UsageError, type CliContext } from './cli-context.ts';
import { parseDateOption, table } from './options.ts';

export function registerSendCommands(program: Command, ctx: CliContext): void {
  program
    .command('send')
    .description('queue briefings now for a local date, whatever the clock says (at most one per recipient per date)')
    .requiredOption('--date <YYYY-MM-DD>', 'the recipients’ local date', parseDateOption)
    .option('--all', 'everyone on the roster (their workdays still apply)')
    .option('--recipient <id...>', 'these recipients only (a re-send; workdays do not apply)')
    .action(async (opts: { date: string; all?: boolean; recipient?: string[] }) => {
      if (Boolean(opts.all) === Boolean(opts.recipient)) throw new UsageError('send: give either --all or --recipient ID…');
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
      const { queued, alreadyQueued, alreadySent } = await services.enqueue(opts.date, ids, opts.all ? 'all' : 'recipient');
      const left = [alreadyQueued > 0 && `${alreadyQueued} already queued`, alreadySent > 0 && `${alreadySent} already sent`].filter(Boolean);
      out(`queued ${queued} briefing${queued === 1 ? '' : 's'} for ${opts.date}${left.length ? ` (${left.join(', ')}: left alone)` : ''}`);
      if (queued > 0 && (await services.sendQueue.getWorkersCount()) === 0) {
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
      if (rows.length > 0) {
        out('');
        out(table([['ID', 'STATUS', 'AT', 'REASON'], ...rows.map((r) => [r.id, r.status, r.at, r.reason ?? ''])]));
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
