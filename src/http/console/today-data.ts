import type { Services } from '../../app/services.ts';
import { OUTCOME_STATUSES, type OutcomeStatus } from '../../delivery/outcome.ts';
import { SEND_ALL_JOB } from '../../queue/send-all-job.ts';
import { parseSendGroup, sendGroupName, type SendGroup } from '../../schedule/send-group.ts';
import { nextSends } from '../../schedule/send-time.ts';
import type { OrgSettings } from '../../org/org-settings.ts';
import { localDateOf, WEEKDAYS, type LocalDate } from '../../time/zones.ts';

export type TodayDeps = Pick<Services, 'roster' | 'outcomes' | 'orgSwitch' | 'orgSettings' | 'fanOutQueue' | 'sendQueues'>;

export interface ZoneToday {
  readonly zone: string;
  readonly date: LocalDate;
  readonly counts: Readonly<Record<OutcomeStatus, number>>;
}

export interface NextGroup {
  readonly group: SendGroup;
  readonly date: LocalDate;
  readonly at: Date;
  readonly members: number;
}

export interface SendAllProgress {
  readonly job: string;
  readonly date: LocalDate;
  readonly state: string;
  readonly progress: Readonly<Record<string, number>> | null;
}

export interface Today {
  readonly now: Date;
  readonly pausedSince: string | null;
  readonly zones: readonly ZoneToday[];
  /** Briefings in the send queues now (waiting or being sent) and fan-outs not yet done. */
  readonly inFlight: { readonly briefings: number; readonly fanOuts: number };
  readonly sendAll: readonly SendAllProgress[];
  readonly next: readonly NextGroup[];
  /** The organisation's data controls, summed up on the page with a link to change them. */
  readonly org: OrgSettings;
}

const NEXT_GROUPS = 12;
const EVERY_DAY = [...WEEKDAYS];
const none = () => Object.fromEntries(OUTCOME_STATUSES.map((s) => [s, 0])) as Record<OutcomeStatus, number>;

/**
 * Each zone's own today: the zones of the send groups and of the day's counters, each read
 * at its local date (Tokyo's today is not London's), from the counters kept as outcomes are
 * recorded: instant for any roster size.
 */
async function zonesToday(deps: TodayDeps, groups: readonly SendGroup[], now: Date): Promise<ZoneToday[]> {
  const zoneNames = new Set(groups.map((g) => g.timeZone));
  const dateOf = (zone: string) => localDateOf(now, zone);
  // Every date some zone is on now (at most three), and the zones counted on it.
  const dates = [...new Set(['Pacific/Kiritimati', 'UTC', 'Etc/GMT+12', ...zoneNames].map(dateOf))];
  const counts = new Map(await Promise.all(dates.map(async (d) => [d, await deps.outcomes.counts(d)] as const)));
  for (const [date, day] of counts) for (const zone of day.byZone.keys()) if (dateOf(zone) === date) zoneNames.add(zone);
  return [...zoneNames].sort().map((zone) => {
    const date = dateOf(zone);
    return { zone, date, counts: counts.get(date)?.byZone.get(zone) ?? none() };
  });
}

/** The next send time of every group (members whose workday it is get one), soonest first. */
async function nextGroups(deps: TodayDeps, groups: readonly SendGroup[], now: Date): Promise<NextGroup[]> {
  const soonest = groups
    .map((group) => ({ group, ...nextSends({ ...group, workdays: EVERY_DAY }, now, 1)[0]! }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(0, NEXT_GROUPS);
  const sizes = await Promise.all(soonest.map((g) => deps.roster.groupSizes(sendGroupName(g.group))));
  return soonest.map((g, i) => ({ ...g, members: sizes[i]!.reduce((a, b) => a + b, 0) })).filter((g) => g.members > 0);
}

async function inFlight(deps: TodayDeps) {
  const [send, fan] = await Promise.all([
    Promise.all(deps.sendQueues.all.map((q) => q.getJobCounts('active', 'waiting', 'prioritized'))),
    deps.fanOutQueue.getJobCounts('active', 'waiting', 'prioritized'),
  ]);
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  return { briefings: send.reduce((n, c) => n + sum(c), 0), fanOuts: sum(fan) };
}

async function sendAllJobs(deps: TodayDeps): Promise<SendAllProgress[]> {
  const jobs = await deps.fanOutQueue.getJobs(['active', 'waiting'], 0, 50);
  const mine = jobs.filter((j) => j.name === SEND_ALL_JOB);
  return Promise.all(
    mine.map(async (j) => ({
      job: j.id ?? '',
      date: (j.data as { date: string }).date,
      state: await j.getState(),
      progress: j.progress && typeof j.progress === 'object' ? (j.progress as Record<string, number>) : null,
    })),
  );
}

export async function readToday(deps: TodayDeps, now: Date): Promise<Today> {
  const groups = (await deps.roster.groups()).map(parseSendGroup).filter((g): g is SendGroup => g !== null);
  const [pausedSince, zones, flight, sendAll, next, org] = await Promise.all([
    deps.orgSwitch.pausedSince(),
    zonesToday(deps, groups, now),
    inFlight(deps),
    sendAllJobs(deps),
    nextGroups(deps, groups, now),
    deps.orgSettings.get(),
  ]);
  return { now, pausedSince, zones, inFlight: flight, sendAll, next, org };
}
