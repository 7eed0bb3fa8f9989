import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';

/** Seconds; briefings render in milliseconds, SMTP may take seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;
export type Latency = 'render' | 'smtp';

export interface HistogramData {
  /** Cumulative counts per upper bound, ending with +Inf. */
  readonly buckets: readonly { le: string; count: number }[];
  readonly sum: number;
  readonly count: number;
}

/**
 * Counters and latency histograms kept in Redis under the prefix, so that `/metrics` of any
 * process (`serve` usually) shows what every worker and scheduler did, and survives a worker
 * restart. An increment is one pipelined round-trip (the keys share one hash tag); it is
 * not on any user's path.
 */
export interface MetricsStore {
  countOutcome(status: string, n?: number): Promise<void>;
  /** One send's outcome and timings, in one round-trip. */
  observeSend(event: { status: string; renderSeconds?: number; smtpSeconds?: number }): Promise<void>;
  outcomes(): Promise<Record<string, number>>;
  /** A link was refused because its token names a key id that is not configured. */
  countUnknownKeyToken(): Promise<void>;
  unknownKeyTokens(): Promise<number>;
  histogram(name: Latency): Promise<HistogramData>;
}

function bucketField(seconds: number): string {
  const le = LATENCY_BUCKETS.find((b) => seconds <= b);
  return `le:${le ?? '+Inf'}`;
}

export function createMetricsStore(redis: RedisClient, keys: StoreKeys): MetricsStore {
  return {
    async countOutcome(status, n = 1) {
      if (n > 0) await redis.hincrby(keys.metricsOutcomes, status, n);
    },
    async observeSend(event) {
      const tx = redis.pipeline().hincrby(keys.metricsOutcomes, event.status, 1);
      const timings: [Latency, number | undefined][] = [['render', event.renderSeconds], ['smtp', event.smtpSeconds]];
      for (const [name, seconds] of timings) {
        if (seconds === undefined) continue;
        const key = keys.metricsHistogram(name);
        tx.hincrby(key, bucketField(seconds), 1).hincrbyfloat(key, 'sum', seconds).hincrby(key, 'count', 1);
      }
      await tx.exec();
    },
    async outcomes() {
      const raw = await redis.hgetall(keys.metricsOutcomes);
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
    },
    async countUnknownKeyToken() {
      await redis.hincrby(keys.metricsTokens, 'unknown-key', 1);
    },
    async unknownKeyTokens() {
      return Number((await redis.hget(keys.metricsTokens, 'unknown-key')) ?? 0);
    },
    async histogram(name) {
      const raw = await redis.hgetall(keys.metricsHistogram(name));
      let running = 0;
      const buckets = [...LATENCY_BUCKETS.map(String), '+Inf'].map((le) => {
        running += Number(raw[`le:${le}`] ?? 0);
        return { le, count: running };
      });
      return { buckets, sum: Number(raw.sum ?? 0), count: Number(raw.count ?? 0) };
    },
  };
}
