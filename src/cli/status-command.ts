import type { Command } from 'commander';
import { DEFAULT_HISTORY_DAYS, DEFAULT_STATUS_LIMIT, maxHistoryDays, STATUS_FILTERS as FILTERS, type StatusFilter } from '../delivery/status-options.ts';
import { isLocalDate } from '../time/local-date.ts';
import { out, outJson, UsageError, type CliContext } from './cli-context.ts';

interface StatusOptions {
  date?: string;
  recipient?: string;
  days?: string;
  outcome?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
  watch?: boolean;
}

type Checked =
  | { kind: 'history'; who: string; days: number }
  | { kind: 'today'; watch: boolean }
  | { kind: 'date'; date: string; watch: boolean; status?: StatusFilter; limit: number; cursor?: string };

/** Every problem with the options at once, or what to do. */
function check(o: StatusOptions, maxDays: number): Checked {
  const problems: string[] = [];
  if (o.date === undefined && o.recipient === undefined) problems.push('give --date YYYY-MM-DD (or today) or --recipient ID|EMAIL');
  if (o.date !== undefined && o.recipient !== undefined) problems.push('--date and --recipient: give one of them');
  if (o.date !== undefined && o.date !== 'today' && !isLocalDate(o.date)) problems.push(`--date ${JSON.stringify(o.date)}: expected a date as YYYY-MM-DD, or today`);
  const days = o.days === undefined ? Math.min(DEFAULT_HISTORY_DAYS, maxDays) : Number(o.days);
  if (o.days !== undefined && (!/^\d+$/.test(o.days) || days < 1 || days > maxDays)) {
    problems.push(`--days ${JSON.stringify(o.days)}: expected a whole number from 1 to ${maxDays} (outcomes are kept OUTCOME_RETENTION)`);
  }
  if (o.days !== undefined && o.recipient === undefined) problems.push('--days works with --recipient only');
  if (o.outcome !== undefined && !FILTERS.includes(o.outcome)) problems.push(`--outcome ${JSON.stringify(o.outcome)}: expected one of ${FILTERS.join(', ')}`);
  const limit = o.limit === undefined ? DEFAULT_STATUS_LIMIT : Number(o.limit);
  if (o.limit !== undefined && (!/^\d+$/.test(o.limit) || limit < 1 || limit > 10_000)) problems.push(`--limit ${JSON.stringify(o.limit)}: expected a whole number from 1 to 10000`);
  const paging = (['outcome', 'limit', 'cursor'] as const).filter((k) => o[k] !== undefined);
  if (paging.length > 0 && (o.recipient !== undefined || o.date === 'today')) {
    problems.push(`${paging.map((k) => `--${k}`).join(', ')}: ${o.recipient !== undefined ? 'not with --recipient' : 'with a date, not today (the list is per date: status --date YYYY-MM-DD)'}`);
  }
  if (o.watch && o.recipient !== undefined) problems.push('--watch works with --date only');
  if (o.watch && o.json) problems.push('--watch and --json: give one of them');
  if (o.watch && !process.stdout.isTTY) problems.push('--watch redraws a terminal: run it in one (for a log or a script, repeat `briefing status --date today --json`)');
  if (problems.length > 0) throw new UsageError(`status: ${problems.join('; ')}`);
  if (o.recipient !== undefined) return { kind: 'history', who: o.recipient, days };
  if (o.date === 'today') return { kind: 'today', watch: Boolean(o.watch) };
  return {
    kind: 'date',
    date: o.date!,
    watch: Boolean(o.watch),
    limit,
    ...(o.outcome ? { status: o.outcome as StatusFilter } : {}),
    ...(o.cursor ? { cursor: o.cursor } : {}),
  };
}

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('what happened to each briefing of a local date (or of one person, day by day), and why')
    .option('--date <YYYY-MM-DD|today>', 'the recipients’ local date; today: each recipient’s own local today')
    .option('--recipient <id|email>', 'one person: their outcome for each of their last --days local dates, newest first')
    .option('--days <n>', `with --recipient: how many days (default ${DEFAULT_HISTORY_DAYS}, at most OUTCOME_RETENTION)`)
    .option('--outcome <outcome>', `only recipients with this outcome (${FILTERS.join(', ')}; none: on the roster without one, with why)`)
    .option('--limit <n>', `recipients per page (1-10000, default ${DEFAULT_STATUS_LIMIT})`)
    .option('--cursor <cursor>', 'the next page: the cursor the previous page printed')
    .option('--json', 'one JSON document on stdout')
    .option('--watch', 'redraw the day’s counts every 2 s until Ctrl-C (a terminal only)')
    .action(async (opts: StatusOptions) => {
      const checked = check(opts, maxHistoryDays(ctx.config.outcomeRetentionMs));
      const services = await ctx.connect();
      // Loaded here, not at start-up: `briefing --help` loads commander alone.
      const [{ statusReport }, { recipientHistory }, { todayReport }, { printDay, printHistory, printToday }, { watchStatus }] = await Promise.all([
        import('../delivery/status-report.ts'),
        import('../delivery/recipient-history.ts'),
        import('../delivery/today-report.ts'),
        import('./status-print.ts'),
        import('./status-watch.ts'),
      ]);
      if (checked.kind === 'history') {
        const id = checked.who.includes('@') ? await services.roster.idByEmail(checked.who) : checked.who;
        const recipient = id ? await services.roster.get(id) : null;
        if (!recipient) throw new UsageError(`--recipient ${JSON.stringify(checked.who)}: not on the roster (briefing recipients list shows who is)`);
        const history = await recipientHistory(services, recipient, checked.days);
        if (opts.json) return outJson(history);
        out(printHistory(history));
        return;
      }
      // --watch redraws the counts only: naming people reads the roster.
      const once = async () =>
        checked.kind === 'today'
          ? printToday(await todayReport(services, new Date(), { names: !checked.watch }))
          : printDay(await statusReport(services, checked.date, { ...checked, names: !checked.watch }), { date: checked.date, outcome: checked.status, countsOnly: checked.watch });
      if (checked.watch) return watchStatus(once);
      if (opts.json) return outJson(checked.kind === 'today' ? await todayReport(services) : await statusReport(services, checked.date, checked));
      out(await once());
    });
}
