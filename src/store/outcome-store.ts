import { OUTCOME_STATUSES, REASONED_STATUSES, publicStatus, type Outcome, type OutcomeStatus, type StoredStatus } from '../delivery/outcome.ts';
import { addDays, type LocalDate } from '../time/zones.ts';
import { waitForReplica, type RedisClient } from '../redis.ts';
import { bucketOf, type StoreKeys } from './keys.ts';
import { CODE_OF, codeOf, codesOf, isForcedCode, STATUS_OF } from './outcome-codes.ts';
import type { Scripts } from './scripts.ts';
import { ALL_SHARDS, SHARDS, shardOf } from './shards.ts';
import type { ZoneTable } from './zones.ts';

/** Whose outcome: the id, and what places it (their shard's sequence number and their zone). */
export interface OutcomeTarget {
  readonly id: string;
  readonly seq: number;
  readonly timeZone: string;
}

export type GateVerdict =
  | { readonly kind: 'ok' }
  /** Sent already, being handed to SMTP by another worker, or of unknown delivery: never sent again. */
  | { readonly kind: 'duplicate' | 'in-handover' | 'unknown'; readonly current: Outcome }
  /** The organisation is paused: nothing recorded; the caller holds the briefing. */
  | { readonly kind: 'held'; readonly pausedSince: string }
  /** Opted out, disabled, paused by themselves, stale, or gone from the roster: recorded. */
  | { readonly kind: 'stopped'; readonly outcome: Outcome };

export interface OutcomeRow extends Outcome {
  readonly id: string;
}

export interface DayCounts {
  readonly byStatus: Readonly<Record<OutcomeStatus, number>>;
  /** The same counts per time zone of the recipients. */
  readonly byZone: ReadonlyMap<string, Readonly<Record<OutcomeStatus, number>>>;
}

/**
 * Outcomes per recipient and local date. A target is the recipient's id with what places
 * their outcomes (`OutcomeTarget`, as a send job carries it), or just the id, which is then
 * looked up on the roster (an id not on it has no reachable outcome).
 */
export interface OutcomeStore {
  gate(date: LocalDate, t: OutcomeTarget, mode: 'check' | 'handover', opts?: { now?: Date; force?: boolean }): Promise<GateVerdict>;
  record(date: LocalDate, t: Target, outcome: Outcome): Promise<void>;
  get(date: LocalDate, t: Target): Promise<Outcome | null>;
  getMany(date: LocalDate, ts: readonly Target[]): Promise<Map<string, Outcome>>;
  /** Marks them pending unless sent, being sent, pending or unknown; returns what each had before. */
  markPending(date: LocalDate, ts: readonly OutcomeTarget[], now?: Date): Promise<Map<string, StoredStatus | null>>;
  /** Makes a sent, unknown or stale briefing pending again on purpose; refused while one is being handed over. */
  forceResend(date: LocalDate, t: OutcomeTarget, reason: string, now?: Date): Promise<{ previous: Outcome | null; inHandover: boolean }>;
  /** pending (or nothing) → failed with the first reason; sending → unknown with the second; final ones stay. */
  settleAbandoned(date: LocalDate, t: OutcomeTarget, ifPending: string, ifSending: string, now?: Date): Promise<StoredStatus | null>;
  /** Records a status for those with no outcome yet; returns how many were recorded. */
  recordIfAbsent(date: LocalDate, ts: readonly OutcomeTarget[], status: StoredStatus, reason: string, now?: Date): Promise<number>;
  /** Counts one group's non-workday people of a date in one shard, once (a redone fan-out counts them again not). */
  countFannedOut(shard: number, group: string, zone: string, date: LocalDate, notWorkday: number): Promise<boolean>;
  /** Whether one group's fan-out of a date is done in one shard (a fan-out run again skips it). */
  fannedOut(shard: number, group: string, date: LocalDate): Promise<boolean>;
  /**
   * Keeps the counts of the dates whose per-person detail is expiring (OUTCOME_RETENTION) in
   * one small hash per date, read by `counts` from then on. Run hourly; returns the dates written.
   */
  rollUpDays(now?: Date): Promise<LocalDate[]>;
  counts(date: LocalDate): Promise<DayCounts>;
  /** One page of a date's outcomes, optionally of one status, in storage order; pass nextCursor for the next. */
  list(date: LocalDate, opts: { status?: OutcomeStatus; cursor?: string; limit: number }): Promise<{ rows: OutcomeRow[]; nextCursor: string | null }>;
  /** One person's outcome for each date given (null where there is none). */
  history(t: Target, dates: readonly LocalDate[]): Promise<(Outcome | null)[]>;
}

export type Target = OutcomeTarget | string;

// A fan-out is redone only while its claim's lease can run out, within the day: the marks
// that keep a redone one from counting twice need not outlive that.
const FANNED_OUT_TTL_SECONDS = 2 * 86_400;

const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));
const iso = (s: string) => new Date(Number(s) * 1000).toISOString();
const emptyCounts = () => Object.fromEntries(OUTCOME_STATUSES.map((s) => [s, 0])) as Record<OutcomeStatus, number>;

/** "S1764651234|3" (+ a reasons entry "X1764651234|why") → an Outcome. */
function decode(value: string | null, reasonValue?: string | null): Outcome | null {
  if (!value) return null;
  const bar = value.indexOf('|', 1);
  const status = STATUS_OF[value[0]!] ?? 'pending';
  const reason = reasonValue && reasonValue[0] === value[0] ? reasonValue.slice(reasonValue.indexOf('|') + 1) : undefined;
  return { status, at: iso(value.slice(1, bar)), ...(reason ? { reason } : {}), ...(isForcedCode(value[0]!) ? { forced: true } : {}) };
}

export interface OutcomeStoreOptions {
  /** How long per-person outcomes are kept (OUTCOME_RETENTION). */
  readonly retentionSeconds: number;
}

/** How long a date's counters outlive its per-person outcomes; the roll-up sums them within it. */
const COUNTS_GRACE_DAYS = 30;
/** The roll-up stops this long before the earliest a date's counters can expire, so it never sums a partly expired set. */
const ROLL_UP_MARGIN_DAYS = 5;
/** How long a date's summary is kept once its detail is gone. */
export const DAY_SUMMARY_DAYS = 400;

/** How long a date's counts are kept for outcomes kept `ttl` seconds: they outlive the detail (the hourly roll-up sums them into one small hash per date first). */
export const countsTtlOf = (ttl: number): number => ttl + COUNTS_GRACE_DAYS * 86_400;

export function createOutcomeStore(client: RedisClient, keys: StoreKeys, scripts: Scripts, zones: ZoneTable, opts: OutcomeStoreOptions): OutcomeStore {
  const ttl = opts.retentionSeconds;
  const countsTtl = countsTtlOf(ttl);
  const retentionDays = Math.ceil(ttl / 86_400);
  const place = (t: OutcomeTarget, date: LocalDate) => {
    const shard = keys.shard(shardOf(t.id));
    return { shard, bucket: shard.outcomes(date, bucketOf(t.seq)), reasons: shard.reasons(date), counts: shard.counts(date) };
  };
  const outcomeKeys = (t: OutcomeTarget, date: LocalDate) => {
    const p = place(t, date);
    return [p.bucket, p.reasons, p.counts];
  };
  /** Targets grouped by the bucket their outcomes share: one script call per group. */
  const byBucket = async (ts: readonly OutcomeTarget[], date: LocalDate) => {
    const groups = new Map<string, { keys: string[]; pairs: string[]; ids: string[] }>();
    for (const t of ts) {
      const k = outcomeKeys(t, date);
      const g = groups.get(k[0]!) ?? { keys: k, pairs: [], ids: [] };
      g.pairs.push(t.id, String(await zones.numberOf(t.timeZone)));
      g.ids.push(t.id);
      groups.set(k[0]!, g);
    }
    return [...groups.values()];
  };

  /** The target of an id alone, from the roster record (null when it is not on the roster). */
  async function resolve(t: Target): Promise<OutcomeTarget | null> {
    if (typeof t !== 'string') return t;
    const [seq, tz, ownTz] = await client.hmget(keys.shard(shardOf(t)).recipient(t), 'seq', 'tz', 'p.tz');
    if (seq === null || seq === undefined || !tz) return null;
    return { id: t, seq: Number(seq), timeZone: ownTz ?? tz };
  }

  async function get(date: LocalDate, target: Target): Promise<Outcome | null> {
    const t = await resolve(target);
    if (!t) return null;
    const p = place(t, date);
    const [value, reason] = await Promise.all([client.hget(p.bucket, t.id), client.hget(p.reasons, t.id)]);
    return decode(value, reason);
  }

  return {
    async gate(date, t, mode, { now = new Date(), force = false } = {}) {
      const p = place(t, date);
      const zone = await zones.numberOf(t.timeZone);
      const [kind, code, at, extra] = (await scripts.run(
        'gate',
        [p.bucket, p.reasons, p.counts, p.shard.recipient(t.id), p.shard.optouts, p.shard.paused],
        [t.id, seconds(now), zone, ttl, countsTtl, mode, date, force ? '1' : '0'],
      )) as [string, string?, string?, string?];
      if (kind === 'ok') {
        // The mark must outlive a failover, or a retry on the promoted replica would send again.
        if (mode === 'handover') await waitForReplica(client, p.bucket);
        return { kind };
      }
      if (kind === 'held') return { kind, pausedSince: extra ?? '' };
      const outcome: Outcome = { status: STATUS_OF[code!]!, at: iso(at!), ...(extra ? { reason: extra } : {}), ...(isForcedCode(code!) ? { forced: true } : {}) };
      if (kind === 'stopped') return { kind, outcome };
      return { kind: kind as 'duplicate' | 'in-handover' | 'unknown', current: outcome };
    },
    async record(date, target, outcome) {
      const t = await resolve(target);
      if (!t) throw new Error(`cannot record an outcome for ${String(target)}: not on the roster`);
      const p = place(t, date);
      await scripts.run(
        'record-outcome',
        [p.bucket, p.reasons, p.counts, p.shard.recipient(t.id)],
        [t.id, seconds(new Date(outcome.at)), await zones.numberOf(t.timeZone), ttl, countsTtl, codeOf(outcome.status, outcome.forced), outcome.reason ?? '', date],
      );
    },
    get,
    async getMany(date, ts) {
      const found = await Promise.all(ts.map((t) => get(date, t)));
      const map = new Map<string, Outcome>();
      found.forEach((o, i) => {
        const t = ts[i]!;
        if (o) map.set(typeof t === 'string' ? t : t.id, o);
      });
      return map;
    },
    async markPending(date, ts, now = new Date()) {
      const before = new Map<string, StoredStatus | null>();
      await Promise.all((await byBucket(ts, date)).map(async (g) => {
        const codes = (await scripts.run('mark-pending', g.keys, [seconds(now), ttl, countsTtl, ...g.pairs])) as string[];
        codes.forEach((c, i) => before.set(g.ids[i]!, c ? STATUS_OF[c] ?? null : null));
      }));
      return before;
    },
    async forceResend(date, t, reason, now = new Date()) {
      const [code, at] = (await scripts.run('force-resend', outcomeKeys(t, date), [
        t.id, seconds(now), await zones.numberOf(t.timeZone), ttl, countsTtl, reason,
      ])) as [string, string];
      if (code === 'H') return { previous: { status: 'sending', at: iso(at) }, inHandover: true };
      return { previous: code ? { status: STATUS_OF[code]!, at: iso(at) } : null, inHandover: false };
    },
    async settleAbandoned(date, t, ifPending, ifSending, now = new Date()) {
      const code = (await scripts.run('settle-abandoned', outcomeKeys(t, date), [
        t.id, seconds(now), await zones.numberOf(t.timeZone), ttl, countsTtl, ifPending, ifSending,
      ])) as string;
      return code ? STATUS_OF[code] ?? null : null;
    },
    async recordIfAbsent(date, ts, status, reason, now = new Date()) {
      const counts = await Promise.all((await byBucket(ts, date)).map((g) =>
        scripts.run('record-if-absent', g.keys, [seconds(now), ttl, countsTtl, CODE_OF[status], reason, ...g.pairs]) as Promise<number>));
      return counts.reduce((a, b) => a + b, 0);
    },
    async countFannedOut(shard, group, zone, date, notWorkday) {
      const k = keys.shard(shard);
      return (await scripts.run('count-fanned-out', [k.fannedOut(date), k.counts(date)], [
        group, await zones.numberOf(zone), notWorkday, FANNED_OUT_TTL_SECONDS, countsTtl,
      ])) === 1;
    },
    async fannedOut(shard, group, date) {
      return (await client.sismember(keys.shard(shard).fannedOut(date), group)) === 1;
    },
    async rollUpDays(now = new Date()) {
      // Dates from just before their detail starts to expire until shortly before their
      // counters can: every shard's counters still exist, so the sum is whole.
      const today = now.toISOString().slice(0, 10);
      const dates = Array.from({ length: COUNTS_GRACE_DAYS - ROLL_UP_MARGIN_DAYS + 2 }, (_, i) => addDays(today, 1 - retentionDays - i));
      const written: LocalDate[] = [];
      for (const date of dates) {
        const sum = new Map<string, number>();
        for (const hash of await Promise.all(ALL_SHARDS.map((n) => client.hgetall(keys.shard(n).counts(date))))) {
          for (const [field, value] of Object.entries(hash)) sum.set(field, (sum.get(field) ?? 0) + Number(value));
        }
        const fields = [...sum].filter(([, n]) => n !== 0).flatMap(([f, n]) => [f, String(n)]);
        if (fields.length === 0) continue;
        const key = keys.daySummary(date);
        await client.multi().del(key).hset(key, ...fields).expire(key, DAY_SUMMARY_DAYS * 86_400).exec();
        written.push(date);
      }
      return written;
    },
    async counts(date) {
      // The summary, once a date has one (its detail is expiring), else the shards' counters.
      let raw = [await client.hgetall(keys.daySummary(date))];
      if (Object.keys(raw[0]!).length === 0) raw = await Promise.all(ALL_SHARDS.map((n) => client.hgetall(keys.shard(n).counts(date))));
      const byStatus = emptyCounts();
      const byZone = new Map<string, Record<OutcomeStatus, number>>();
      for (const hash of raw) {
        for (const [field, value] of Object.entries(hash)) {
          const [code, zoneNumber] = field.split('|');
          const status = publicStatus(STATUS_OF[code!] ?? 'pending');
          const n = Number(value);
          if (n === 0) continue;
          byStatus[status] += n;
          const zone = (await zones.nameOf(Number(zoneNumber))) ?? `zone ${zoneNumber}`;
          const z = byZone.get(zone) ?? emptyCounts();
          z[status] += n;
          byZone.set(zone, z);
        }
      }
      return { byStatus, byZone };
    },
    async list(date, { status, cursor, limit }) {
      const rows: OutcomeRow[] = [];
      const wanted = status ? new Set(codesOf(status)) : undefined;
      const [mode, startShard, startAt] = (cursor ?? '').split('.');
      if (status && REASONED_STATUSES.includes(status)) {
        // Rare outcomes with a reason: read the (small) reasons hashes, not every record.
        let shard = mode === 'r' ? Number(startShard) : 0;
        let scan = mode === 'r' ? startAt ?? '0' : '0';
        while (shard < SHARDS) {
          const [next, flat] = await client.hscan(keys.shard(shard).reasons(date), scan, 'COUNT', limit);
          for (let i = 0; i < flat.length; i += 2) {
            const v = flat[i + 1]!;
            if (!wanted!.has(v[0]!)) continue;
            const bar = v.indexOf('|');
            rows.push({ id: flat[i]!, status: STATUS_OF[v[0]!]!, at: iso(v.slice(1, bar)), reason: v.slice(bar + 1), ...(isForcedCode(v[0]!) ? { forced: true } : {}) });
          }
          if (next === '0') {
            shard += 1;
            scan = '0';
          } else scan = next;
          if (rows.length >= limit) break;
        }
        return { rows, nextCursor: shard < SHARDS ? `r.${shard}.${scan}` : null };
      }
      let shard = mode === 'b' ? Number(startShard) : 0;
      let bucket = mode === 'b' ? Number(startAt) : 0;
      while (shard < SHARDS && rows.length < limit) {
        const k = keys.shard(shard);
        const last = bucketOf(Math.max(0, Number((await client.get(k.seq)) ?? 0) - 1));
        if (bucket > last) {
          shard += 1;
          bucket = 0;
          continue;
        }
        const entries = Object.entries(await client.hgetall(k.outcomes(date, bucket)))
          .filter(([, v]) => !wanted || wanted.has(v[0]!));
        if (entries.length > 0) {
          const reasons = await client.hmget(k.reasons(date), ...entries.map(([id]) => id));
          entries.forEach(([id, v], i) => rows.push({ id, ...decode(v, reasons[i])! }));
        }
        bucket += 1;
      }
      return { rows, nextCursor: shard < SHARDS ? `b.${shard}.${bucket}` : null };
    },
    async history(target, dates) {
      const t = await resolve(target);
      return t ? Promise.all(dates.map((date) => get(date, t))) : dates.map(() => null);
    },
  };
}
