import { Worker } from 'bullmq';
import type { Services } from '../src/app/services.ts';
import type { Logger } from '../src/logger.ts';
import { createRedis } from '../src/redis.ts';
import { SEND_QUEUE } from '../src/queue/send-job.ts';
import { createTransport } from '../src/delivery/create-transport.ts';
import { createContentSource, type ContentSource } from '../src/content/content-source.ts';
import { createRenderer } from '../src/render/renderer.ts';
import type { MailTransport } from '../src/delivery/mail-transport.ts';
import { TEMPLATES_DIR } from '../src/paths.ts';
import { createSendProcessor, type SendObservation } from './send-processor.ts';
import { isFailedForGood, settleAbandoned } from './settle-abandoned.ts';
import { createMetricsStore } from '../src/metrics/metrics-store.ts';
import { maskAddresses } from '../src/logger.ts';

export interface RunningWorker {
  readonly transport: MailTransport;
  /** Lets in-flight jobs finish, then closes the worker, the mail transport and its connection. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  readonly transport?: MailTransport;
  readonly content?: ContentSource;
  readonly templatesDir?: string;
  readonly observe?: (event: SendObservation) => void;
  readonly now?: () => Date;
}

export async function startWorker(services: Services, logger: Logger, opts: WorkerOptions = {}): Promise<RunningWorker> {
  const { config } = services;
  const renderer = await createRenderer({ templatesDir: opts.templatesDir ?? TEMPLATES_DIR, accentColor: services.config.branding.accentColor });
  const transport = opts.transport ?? createTransport(config);
  const metrics = createMetricsStore(services.redis, services.keys);
  const processor = createSendProcessor({
    roster: services.roster,
    outcomes: services.outcomes,
    content: opts.content ?? createContentSource(),
    compose: { renderer, tokens: services.tokens, settings: { mailFrom: config.mailFrom, publicUrl: config.publicUrl }, branding: config.branding },
    transport,
    logger,
    observe: (event) => {
      // Counted in Redis so that /metrics of any process (usually `serve`) sees every worker's sends.
      metrics.observeSend(event).catch((err: Error) => logger.warn({ err: err.message }, 'metrics not recorded'));
      opts.observe?.(event);
    },
    now: opts.now,
    handoverLeaseMs: config.handoverLeaseMs,
  });
  const connection = createRedis(config.redisUrl, { forWorker: true, name: 'briefing-worker' });
  const worker = new Worker(SEND_QUEUE, processor, {
    connection,
    prefix: config.prefix,
    concurrency: config.workerConcurrency,
    // A killed worker's active jobs come back after the lock expires and a stalled check
    // (every lockDuration) sees it; the send gate makes running them again safe.
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
  });
  worker.on('error', (err) => logger.error({ err: maskAddresses(err.message) }, 'worker error'));
  worker.on('failed', (job, err) => {
    if (!job || !isFailedForGood(job, err)) return;
    logger.warn({ jobId: job.id, err: maskAddresses(err.message) }, 'send job failed for good');
    settleAbandoned(services.outcomes, job, err, opts.now?.() ?? new Date())
      .then((found) => {
        if (found === 'pending' || found === 'sending') logger.warn({ jobId: job.id, found }, 'abandoned briefing recorded failed');
      })
      .catch((e: Error) => logger.error({ jobId: job.id, err: e.message }, 'could not record the abandoned briefing'));
  });
  await worker.waitUntilReady();
  logger.info({ concurrency: config.workerConcurrency, mail: transport.describe }, 'worker started');
  return {
    transport,
    async close() {
      await worker.close();
      await transport.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
