import type { MigrationResult } from '../migrate/migrate-layout.ts';
import type { DatePlan, Plan } from '../migrate/survey.ts';
import { table } from './options.ts';

const n = (x: number) => x.toLocaleString('en-GB');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

function dateList(dates: readonly DatePlan[]): string {
  const outcomes = dates.reduce((a, d) => a + d.outcomes, 0);
  const span = dates.length === 1 ? dates[0]!.date : `${dates[0]!.date} … ${dates[dates.length - 1]!.date}`;
  return `${plural(dates.length, 'date')} (${span}), ${plural(outcomes, 'outcome')}`;
}

/** What the earlier layout holds and where each part goes: the dry run's answer, and the real run's first lines. */
export function formatPlan(plan: Plan, opts: { prefix: string; retention: string }): string {
  const kept = plan.dates.filter((d) => d.keepSeconds !== null);
  const older = plan.dates.filter((d) => d.keepSeconds === null);
  const sources = Object.entries(plan.optOuts).filter(([, x]) => x > 0).map(([s, x]) => `${s} ${n(x)}`);
  const optOuts = Object.values(plan.optOuts).reduce((a, b) => a + b, 0);
  const jobs = Object.entries(plan.jobs).filter(([, x]) => x > 0);
  const jobTotal = jobs.reduce((a, [, x]) => a + x, 0);
  const rows: string[][] = [
    ['roster', plan.retired ? 'moved already (the earlier roster is retired)' : `${plural(plan.roster, 'recipient')} (${plural(plan.sendGroups, 'send group')})`],
    ['opt-outs', `${n(optOuts)}${sources.length ? ` (${sources.join(', ')})` : ''}, each with its time and source`],
    ['audit log', plan.audit.entries ? `${plural(plan.audit.entries, 'entry', 'entries')}, dated ${plan.audit.first} to ${plan.audit.last}, in order with their times` : 'empty'],
    ['outcomes', kept.length ? `${dateList(kept)}: per person, kept until OUTCOME_RETENTION (${opts.retention}) after their date` : 'none within OUTCOME_RETENTION'],
  ];
  if (older.length) rows.push(['', `${dateList(older)}: older, their counts only (day:DATE)`]);
  if (plan.notOnRoster) rows.push(['', `${plural(plan.notOnRoster, 'outcome')} of ids not on the roster: not moved`]);
  rows.push(
    ['metrics', plan.metrics.length ? `${plan.metrics.join(', ')}: added to this layout's counters` : 'none'],
    ['switch', plan.pausedSince ? `paused since ${plan.pausedSince}: stays paused` : 'on (not paused)'],
    ['scheduler', plan.lastTick ? `last tick ${new Date(plan.lastTick).toISOString()}: kept` : 'no tick yet'],
    ['send queue', jobTotal ? `${plural(jobTotal, 'briefing')} queued again (${jobs.map(([s, x]) => `${n(x)} ${s}`).join(', ')}); the earlier queues are removed` : 'nothing waiting; the earlier queues are removed'],
  );
  const head = `The earlier data layout under BRIEFING_PREFIX=${opts.prefix}` +
    (plan.resumes ? ` (continuing the run started ${plan.resumes}; ${plural(plan.done.size, 'step')} done then):` : ':');
  return `${head}\n${table(rows.map((r) => [`  ${r[0]}`, r[1]!]))}`;
}

/** What a run did. */
export function formatResult(r: MigrationResult, prefix: string): string {
  const lines = [`BRIEFING_PREFIX=${prefix} is in the new data layout now:`];
  const earlier = 'done by the interrupted run';
  lines.push(`  roster: ${r.roster ? `${plural(r.roster.created + r.roster.updated, 'recipient')} (${n(r.roster.created)} new)` : earlier}`);
  lines.push(`  opt-outs: ${r.optOuts === null ? earlier : `${n(r.optOuts)} new`}; audit log: ${r.audit === null ? earlier : plural(r.audit, 'entry', 'entries')}`);
  lines.push(`  outcomes: ${n(r.outcomes.moved)} recorded per person, ${n(r.outcomes.counted)} of older dates counted`);
  if (r.metrics) lines.push(`  metrics: ${plural(r.metrics, 'counter hash', 'counter hashes')} added`);
  if (r.paused) lines.push('  the organisation stays paused: `briefing resume` when it should send again');
  if (r.requeued) {
    const q = r.requeued;
    const left = [q.alreadySent && `${n(q.alreadySent)} sent already`, q.unknown && `${n(q.unknown)} of unknown delivery`, q.notOnRoster && `${n(q.notOnRoster)} not on the roster`].filter(Boolean);
    lines.push(`  queued again: ${n(q.queued + q.alreadyQueued)}${left.length ? ` (left alone: ${left.join(', ')})` : ''}`);
  }
  if (r.caughtUp.optOuts || r.caughtUp.audit) {
    lines.push(`  recorded by the earlier version while this ran, and moved: ${plural(r.caughtUp.optOuts, 'opt-out')}, ${plural(r.caughtUp.audit, 'audit entry', 'audit entries')}`);
  }
  lines.push('Start the service again (`briefing start`, or `briefing worker` and `briefing serve`).');
  return lines.join('\n');
}
