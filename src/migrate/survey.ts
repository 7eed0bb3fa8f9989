import type { UndoneState } from '../queue/legacy-queues.ts';
import type { MetricsName } from '../store/legacy/legacy-layout.ts';
import { isCounterValue, type Decoded } from '../store/legacy/legacy-records.ts';
import { OPTOUT_SOURCES, type OptOutSource } from '../store/optout-store.ts';
import type { LocalDate } from '../time/zones.ts';
import type { MigrationDeps } from './migration-deps.ts';

export interface DatePlan {
  readonly date: LocalDate;
  readonly outcomes: number;
  /** How long Redis keeps the earlier hash still (ms; null: for ever): counts-only dates keep it. */
  readonly ttlMs: number | null;
  /** Kept per person until OUTCOME_RETENTION after the date, for this many seconds; null: counts only. */
  readonly keepSeconds: number | null;
}

/** What the earlier layout holds, checked entry by entry: what `briefing migrate` moves. */
export interface Plan {
  readonly roster: number;
  /** The earlier roster was replaced by the tombstone already (an earlier run reached its last step). */
  readonly retired: boolean;
  readonly sendGroups: number;
  readonly optOuts: Readonly<Record<OptOutSource, number>>;
  /** Its entries, and the earliest and latest time they record. */
  readonly audit: { readonly entries: number; readonly first: string | null; readonly last: string | null };
  readonly dates: readonly DatePlan[];
  /** Outcomes of ids that are not on the roster: this layout places outcomes by roster record, so they are not moved. */
  readonly notOnRoster: number;
  readonly metrics: readonly MetricsName[];
  readonly pausedSince: string | null;
  readonly lastTick: number | null;
  readonly jobs: Readonly<Record<UndoneState, number>>;
  /** Workers of the earlier version attached to its queues: the migration refuses to run. */
  readonly workers: number;
  /** Every entry that does not decode (the first MAX_PROBLEMS), and how many more. */
  readonly problems: readonly string[];
  readonly moreProblems: number;
  /** When the interrupted run this one continues started, or null. */
  readonly resumes: string | null;
  /** Steps an interrupted run finished already. */
  readonly done: ReadonlySet<string>;
}

const MAX_PROBLEMS = 50;

const DAY_MS = 86_400_000;

/** Seconds left of OUTCOME_RETENTION for the outcomes of a date, or null once it has passed. */
function keepSecondsOf(date: LocalDate, retentionMs: number, now: Date): number | null {
  const left = Date.parse(`${date}T00:00:00Z`) + DAY_MS + retentionMs - now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : null;
}

export function isEmptyPlan(p: Plan): boolean {
  const jobs = Object.values(p.jobs).reduce((a, b) => a + b, 0);
  return p.roster + p.sendGroups + p.audit.entries + p.dates.length + p.metrics.length + jobs === 0 &&
    Object.values(p.optOuts).every((n) => n === 0);
}

/**
 * Reads the whole earlier layout once, a batch at a time, and checks every entry decodes:
 * the plan a dry run prints, and the check a real run makes before it writes anything.
 */
export async function survey(deps: MigrationDeps): Promise<Plan> {
  const { legacy, progress } = deps.store.migration;
  const problems: string[] = [];
  let moreProblems = 0;
  const check = <T>(d: Decoded<T>): d is { ok: true; value: T } => {
    if (d.ok) return true;
    if (problems.length < MAX_PROBLEMS) problems.push(d.problem);
    else moreProblems += 1;
    return false;
  };
  const tell = (step: string, done: number, total: number) => deps.onProgress({ phase: 'check', step, done, total });

  const [presence, mark, pausedSince, lastTick, jobs, workers] = await Promise.all([
    legacy.presence(), progress.read(), deps.store.orgSwitch.pausedSince(), deps.store.schedule.lastTick(), deps.queues.counts(), deps.queues.workers(),
  ]);

  let seen = 0;
  for await (const batch of legacy.roster()) {
    batch.forEach(check);
    tell('roster', (seen += batch.length), presence.roster);
  }

  const optOuts = Object.fromEntries(OPTOUT_SOURCES.map((s) => [s, 0])) as Record<OptOutSource, number>;
  seen = 0;
  for await (const batch of legacy.optOuts()) {
    for (const d of batch) if (check(d)) optOuts[d.value.source] += 1;
    tell('opt-outs', (seen += batch.length), presence.optouts);
  }

  let first: string | null = null;
  let last: string | null = null;
  seen = 0;
  for await (const { entries } of legacy.audit()) {
    for (const d of entries) {
      if (!check(d)) continue;
      if (first === null || d.value.at < first) first = d.value.at;
      if (last === null || d.value.at > last) last = d.value.at;
    }
    tell('audit log', (seen += entries.length), presence.audit);
  }

  let notOnRoster = 0;
  const dates: DatePlan[] = [];
  for (const { date, count, ttlMs } of presence.dates) {
    seen = 0;
    for await (const batch of legacy.outcomes(date)) {
      notOnRoster += await legacy.absentFromRoster(batch.filter(check).map((d) => d.value.id));
      tell(`outcomes of ${date}`, (seen += batch.length), count);
    }
    dates.push({ date, outcomes: count, ttlMs, keepSeconds: keepSecondsOf(date, deps.retentionMs, deps.now()) });
  }

  for (const name of presence.metrics) {
    for (const [field, value] of Object.entries(await legacy.metrics(name))) {
      if (!isCounterValue(value)) check({ ok: false, problem: `metrics ${name}: ${field}: expected a number, found ${JSON.stringify(value)}` });
    }
  }

  const total = Object.values(jobs).reduce((a, b) => a + b, 0);
  seen = 0;
  for await (const batch of deps.queues.jobs()) {
    batch.forEach(check);
    tell('queued briefings', (seen += batch.length), total);
  }

  return {
    roster: presence.roster, retired: presence.retired, sendGroups: presence.sendGroups, optOuts,
    audit: { entries: presence.audit, first, last }, dates, notOnRoster, metrics: presence.metrics,
    pausedSince, lastTick, jobs, workers, problems, moreProblems, resumes: mark?.started ?? null, done: mark?.done ?? new Set(),
  };
}
