import type { OrgSwitch } from '../store/org-switch.ts';
import type { RosterStore } from '../store/roster-store.ts';
import type { ScheduleStore } from '../store/schedule-store.ts';
import type { OutcomeStore } from '../store/outcome-store.ts';
import { parseSendGroup } from '../schedule/send-group.ts';
import { localDateOf, type LocalDate } from '../time/zones.ts';
import { OUTCOME_STATUSES, type OutcomeStatus } from './outcome.ts';
import { WITHOUT_OUTCOME_NAMED } from './status-options.ts';
import { withoutOutcome } from './without-outcome.ts';

export interface ZoneToday {
  readonly timeZone: string;
  /** Today in this zone. */
  readonly date: LocalDate;
  readonly rosterSize: number;
  readonly notQueued: number;
  readonly counts: Readonly<Record<OutcomeStatus, number>>;
}

const emptyCounts = () => Object.fromEntries(OUTCOME_STATUSES.map((s) => [s, 0])) as Record<OutcomeStatus, number>;
const sum = (counts: Record<OutcomeStatus, number>) => OUTCOME_STATUSES.reduce((n, s) => n + counts[s], 0);

/**
 * `status --date today`: each recipient's own local today. Every zone of the roster (its send
 * groups) has its today (at most three dates around the world); the counts of those dates are
 * read per zone (`outcomes.counts` byZone) and each zone's today is added up. Cost: one counts
 * read per date and one SCARD per send group and shard; no per-person reads, so it stays
 * bounded at a million recipients. The first of those without an outcome on their today are
 * named with why (`withoutOutcome`, as `status --date D` does); the full list is per date:
 * `status --date D --outcome none`.
 */
export async function todayReport(
  deps: {
    outcomes: Pick<OutcomeStore, 'counts' | 'getMany'>;
    roster: Pick<RosterStore, 'groups' | 'groupSizes' | 'page'>;
    orgSwitch: Pick<OrgSwitch, 'isPaused'>;
    schedule: Pick<ScheduleStore, 'firstTick'>;
  },
  now = new Date(),
  opts: { names?: boolean } = {},
) {
  const groups = (await deps.roster.groups()).map((name) => ({ name, group: parseSendGroup(name) }));
  const sizes = new Map<string, number>();
  await Promise.all(groups.map(async ({ name, group }) => {
    if (!group) return;
    const n = (await deps.roster.groupSizes(name)).reduce((a, b) => a + b, 0);
    if (n > 0) sizes.set(group.timeZone, (sizes.get(group.timeZone) ?? 0) + n);
  }));
  const todayOf = new Map([...sizes.keys()].map((zone) => [zone, localDateOf(now, zone)]));
  const dates = [...new Set(todayOf.values())].sort();
  const [byDate, paused] = await Promise.all([
    Promise.all(dates.map(async (d) => [d, await deps.outcomes.counts(d)] as const)).then((pairs) => new Map(pairs)),
    deps.orgSwitch.isPaused(),
  ]);
  const zones: ZoneToday[] = [...todayOf].sort(([a], [b]) => a.localeCompare(b)).map(([timeZone, date]) => {
    const counts = { ...emptyCounts(), ...byDate.get(date)?.byZone.get(timeZone) };
    const rosterSize = sizes.get(timeZone) ?? 0;
    return { timeZone, date, rosterSize, notQueued: Math.max(0, rosterSize - sum(counts)), counts };
  });
  const counts = emptyCounts();
  for (const z of zones) for (const s of OUTCOME_STATUSES) counts[s] += z.counts[s];
  const notQueued = zones.reduce((n, z) => n + z.notQueued, 0);
  const named = notQueued > 0 && opts.names !== false ? await withoutOutcome(deps, 'today', { limit: WITHOUT_OUTCOME_NAMED, now }) : null;
  return {
    date: 'today' as const,
    at: now.toISOString(),
    paused,
    dates,
    rosterSize: zones.reduce((n, z) => n + z.rosterSize, 0),
    notQueued,
    counts,
    zones,
    ...(named ? { withoutOutcome: named.rows.slice(0, WITHOUT_OUTCOME_NAMED) } : {}),
  };
}
