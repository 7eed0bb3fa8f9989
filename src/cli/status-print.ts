import { OUTCOME_STATUSES, type OutcomeStatus } from '../delivery/outcome.ts';
import type { statusReport, StatusFilter } from '../delivery/status-report.ts';
import type { recipientHistory } from '../delivery/recipient-history.ts';
import type { todayReport } from '../delivery/today-report.ts';
import { table } from './options.ts';

type DayReport = Awaited<ReturnType<typeof statusReport>>;
type TodayReport = Awaited<ReturnType<typeof todayReport>>;
type History = Awaited<ReturnType<typeof recipientHistory>>;

const countLines = (counts: Readonly<Record<OutcomeStatus, number>>) =>
  table(OUTCOME_STATUSES.filter((s) => counts[s] > 0).map((s) => [`  ${s}`, String(counts[s])])) || '  nothing queued';

const unknownNote = (date: string, n: number) => {
  const one = n === 1;
  return (
    `  unknown: the worker stopped while handing ${one ? 'this briefing' : 'these briefings'} to SMTP, so ${one ? 'it' : 'they'} may have been delivered.\n` +
    `  Not sent again (a duplicate is worse than a miss); \`send --all\` leaves ${one ? 'it' : 'them'} alone. To send one anyway: briefing send --date ${date} --recipient ID --force`
  );
};

/** `briefing status --date D` for people: the counts, those without an outcome (named, with why), one page of rows. */
export function printDay(report: DayReport, query: { date: string; outcome?: StatusFilter | undefined; countsOnly?: boolean }): string {
  const { date, paused, counts, notQueued, recipients: rows, nextCursor } = report;
  const lines = [`Briefings for ${date}${paused ? ' — PAUSED (briefing resume to continue)' : ''}`, countLines(counts)];
  if (notQueued > 0) lines.push(`  ${notQueued} on the roster without an outcome${query.outcome === 'none' ? '' : ' (why for each: --outcome none)'}`);
  if (counts.unknown > 0) lines.push(unknownNote(date, counts.unknown));
  if (query.countsOnly) return lines.join('\n');
  const named = 'withoutOutcome' in report ? report.withoutOutcome : undefined;
  if (named && named.length > 0) {
    const more = notQueued > named.length ? ` (the first ${named.length}; all of them: briefing status --date ${date} --outcome none)` : '';
    lines.push('', `Without an outcome${more}:`, table([['ID', 'EMAIL', 'WHY'], ...named.map((r) => [r.id, r.email, r.reason])]));
  }
  if (rows.length > 0 && query.outcome === 'none') {
    lines.push('', table([['ID', 'EMAIL', 'WHY'], ...rows.map((r) => ['email' in r ? r.email : '', r.reason ?? ''].reduce<string[]>((row, cell) => [...row, cell], [r.id]))]));
  } else if (rows.length > 0) {
    const why = (r: (typeof rows)[number]) => ('forced' in r && r.forced ? ['forced re-send', r.reason ?? ''] : [r.reason ?? '']).filter(Boolean).join(': ');
    lines.push('', table([['ID', 'STATUS', 'AT', 'REASON'], ...rows.map((r) => [r.id, r.status, 'at' in r ? r.at : '', why(r)])]));
  } else if (query.outcome === 'none' && notQueued > 0) {
    lines.push('', 'none of those without an outcome on this page of the roster');
  }
  if (nextCursor) lines.push(`\nmore: briefing status --date ${date}${query.outcome ? ` --outcome ${query.outcome}` : ''} --cursor ${nextCursor}`);
  return lines.join('\n');
}

/** `briefing status --date today`: everyone's own today added up, then one row per time zone. */
export function printToday(report: TodayReport): string {
  const { paused, counts, notQueued, zones, dates, at } = report;
  const lines = [`Briefings for today, each recipient’s own (${dates.join(', ') || 'no roster'}; at ${at})${paused ? ' — PAUSED (briefing resume to continue)' : ''}`, countLines(counts)];
  if (notQueued > 0) lines.push(`  ${notQueued} on the roster without an outcome on their today`);
  if (zones.length > 0) {
    const shown = OUTCOME_STATUSES.filter((s) => counts[s] > 0);
    lines.push('', table([
      ['TIME ZONE', 'TODAY', 'ROSTER', ...shown.map((s) => s.toUpperCase()), 'WITHOUT OUTCOME'],
      ...zones.map((z) => [z.timeZone, z.date, String(z.rosterSize), ...shown.map((s) => String(z.counts[s])), String(z.notQueued)]),
    ]));
  }
  const named = report.withoutOutcome;
  if (named && named.length > 0) {
    const more = notQueued > named.length ? ` (the first ${named.length}; all of them, a date at a time: briefing status --date TODAY --outcome none)` : '';
    lines.push('', `Without an outcome${more}:`, table([['ID', 'EMAIL', 'TODAY', 'WHY'], ...named.map((r) => [r.id, r.email, r.date, r.reason])]));
  }
  return lines.join('\n');
}

/** `briefing status --recipient ID`: one line a local date, newest first; a date without a record says why. */
export function printHistory(history: History): string {
  type Day = History['days'][number];
  const label = (d: Day) => d.outcome ?? (d.none === 'not-workday' ? 'not a workday' : 'no record');
  const why = (d: Day) => [d.forced ? 'forced re-send' : '', d.none === 'not-workday' ? '' : d.reason ?? ''].filter(Boolean).join(': ');
  return [
    `Briefings of ${history.id} <${history.email}>, last ${history.days.length} days in ${history.timeZone} (today ${history.today}), newest first`,
    table([['DATE', 'DAY', 'OUTCOME', 'AT', 'REASON'], ...history.days.map((d) => [d.date, d.weekday, label(d), d.at ?? '', why(d)])]),
  ].join('\n');
}
