import type { Metric, Registry } from 'prom-client';
import type { Latency, MetricsStore } from '../store/metrics-store.ts';

interface ExportedValue {
  value: number;
  labels: Record<string, string>;
  metricName?: string;
}

/**
 * Registers a metric whose values are read from Redis at scrape time. prom-client's own
 * Counter and Histogram only hold what this process observed, and the sends happen in the
 * worker processes: so these duck-type prom-client's metric contract (name, help, type,
 * get()), which is all `Registry.metrics()` uses.
 */
function registerReadThrough(
  registry: Registry,
  meta: { name: string; help: string; type: 'counter' | 'histogram' },
  read: () => Promise<ExportedValue[]>,
): void {
  const metric = {
    ...meta,
    aggregator: 'sum' as const,
    async get() {
      return { ...meta, aggregator: 'sum' as const, values: await read() };
    },
    reset() {},
  };
  // Not a prom-client class instance: see above. The registry only calls get().
  registry.registerMetric(metric as unknown as Metric);
}

export function registerOutcomeCounter(registry: Registry, name: string, store: MetricsStore): void {
  registerReadThrough(registry, { name, help: 'Briefings by final outcome, across all worker and scheduler processes', type: 'counter' }, async () =>
    Object.entries(await store.outcomes())
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([outcome, value]) => ({ value, labels: { outcome } })),
  );
}

export function registerUnknownKeyCounter(registry: Registry, name: string, store: MetricsStore): void {
  const help = 'Links refused because their token names a key id not in UNSUBSCRIBE_KEYS (a dropped key, or a forgery)';
  registerReadThrough(registry, { name, help, type: 'counter' }, async () => [{ value: await store.unknownKeyTokens(), labels: {} }]);
}

export function registerLatencyHistogram(registry: Registry, name: string, help: string, latency: Latency, store: MetricsStore): void {
  registerReadThrough(registry, { name, help, type: 'histogram' }, async () => {
    const h = await store.histogram(latency);
    return [
      ...h.buckets.map((b) => ({ value: b.count, labels: { le: b.le }, metricName: `${name}_bucket` })),
      { value: h.sum, labels: {}, metricName: `${name}_sum` },
      { value: h.count, labels: {}, metricName: `${name}_count` },
    ];
  });
}
