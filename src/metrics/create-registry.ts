import { Gauge, Registry } from 'prom-client';
import type { Services } from '../app/services.ts';
import { OPTOUT_SOURCES } from '../store/optout-store.ts';
import { registerLatencyHistogram, registerOutcomeCounter, registerUnknownKeyCounter } from './redis-metrics.ts';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;
// Counting opt-outs by source reads the whole opt-out hash: cache it for scrapes close together.
const OPTOUT_CACHE_MS = 30_000;

/**
 * A fresh registry per app (never prom-client's global one: tests build several apps, and
 * each process should show exactly what it registered). Every value is read from Redis or
 * BullMQ at scrape time, so `serve` reports what the workers and the scheduler did.
 */
export function createMetricsRegistry(services: Pick<Services, 'metrics' | 'optouts' | 'sendQueues' | 'orgSwitch'>): Registry {
  const registry = new Registry();
  const store = services.metrics;
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
      const all = await Promise.all(services.sendQueues.all.map((q) => q.getJobCounts(...QUEUE_STATES)));
      for (const state of QUEUE_STATES) this.set({ state }, all.reduce((n, counts) => n + (counts[state] ?? 0), 0));
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
        for await (const batch of services.optouts.batches()) {
          for (const o of batch) counts[o.source] = (counts[o.source] ?? 0) + 1;
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
