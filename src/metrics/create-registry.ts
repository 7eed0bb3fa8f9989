import { Gauge, Registry } from 'prom-client';
import type { Services } from '../app/services.ts';
import { OPTOUT_SOURCES } from '../unsubscribe/optout-store.ts';
import { createMetricsStore } from './metrics-store.ts';
import { registerLatencyHistogram, registerOutcomeCounter, registerUnknownKeyCounter } from './redis-metrics.ts';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;
// Counting opt-outs by source reads the whole opt-out hash: cache it for scrapes close together.
const OPTOUT_CACHE_MS = 30_000;

/**
 * A fresh registry per app (never prom-client's global one: tests build several apps, and
 * each process should show exactly what it registered). Every value is read from Redis or
 * BullMQ at scrape time, so `serve` reports what the workers and the scheduler did.
 */
export function createMetricsRegistry(services: Pick<Services, 'redis' | 'keys' | 'sendQueue' | 'orgSwitch'>): Registry {
  const registry = new Registry();
  const store = createMetricsStore(services.redis, services.keys);
  registerOutcomeCounter(registry, 'briefing_briefings_total', store);
  registerUnknownKeyCounter(registry, 'briefing_tokens_unknown_key_total', store);
  registerLatencyHistogram(registry, 'briefing_render_seconds', 'Time to render one briefing (MJML and Handlebars)', 'render', store);
  registerLatencyHistogram(registry, 'briefing_smtp_seconds', 'Time to hand one briefing to SMTP (or the outbox)', 'smtp', store);

  new Gauge({
    name: 'briefing_queue_jobs',
    help: 'Send jobs in the queue by state, read from BullMQ at scrape time',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await services.sendQueue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });

  let optouts: { at: number; counts: Record<string, number> } | undefined;
  new Gauge({
    name: 'briefing_optouts',
    help: 'Recipients opted out, by how they did it (link, one-click, admin)',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      if (!optouts || Date.now() - optouts.at > OPTOUT_CACHE_MS) {
        const counts: Record<string, number> = Object.fromEntries(OPTOUT_SOURCES.map((s) => [s, 0]));
        for (const json of await services.redis.hvals(services.keys.optouts)) {
          const source = (JSON.parse(json) as { source: string }).source;
          counts[source] = (counts[source] ?? 0) + 1;
        }
        optouts = { at: Date.now(), counts };
      }
      for (const [source, n] of Object.entries(optouts.counts)) this.set({ source }, n);
    },
  });

  new Gauge({
    name: 'briefing_paused',
    help: '1 while the organisation-wide switch is off (briefing pause)',
    registers: [registry],
    async collect() {
      this.set((await services.orgSwitch.isPaused()) ? 1 : 0);
    },
  });
  return registry;
}
