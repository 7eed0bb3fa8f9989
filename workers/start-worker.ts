import { Worker } from 'bullmq';
import type { Services } from '../src/app/services.ts';
import type { Logger } from '../src/logger.ts';
import { createTransport } from '../src/delivery/create-transport.ts';
import { createContentSource, type ContentSource } from '../src/content/content-source.ts';
import { createRenderer } from '../src/render/renderer.ts';
import type { MailTransport } from '../src/delivery/mail-transport.ts';
import { TEMPLATES_DIR } from '../src/paths.ts';
import { createSendProcessor, type SendObservation } from './send-processor.ts';
import { isFailedForGood, settleAbandoned } from './settle-abandoned.ts';
import { redactText } from '../src/redact.ts';
import { deliverabilityWarnings } from '../src/delivery/dkim.ts';
import { withRedactedErrors } from './redacted-error.ts';
import { sendBackoffStrategy } from '../src/queue/send-retry.ts';
import { cachedOrgSettings } from '../src/org/cached-org-settings.ts';

export interface RunningWorker {
  readonly transport: MailTransport;
  /** Lets in-flight jobs finish, then closes the workers, the mail transport and their connections. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  readonly transport?: MailTransport;
  readonly content?: ContentSource;
  readonly templatesDir?: string;
  readonly observe?: (event: SendObservation) => void;
  readonly now?: () => Date;
  /** How often a briefing held by `pause` looks again (default a minute; tests shorten it). */
  readonly holdRecheckMs?: number;
  /** How long the data controls read are trusted (default ORG_SETTINGS_TTL_MS). */
  readonly orgSettingsTtlMs?: number;
}

export async function startWorker(services: Services, logger: Logger, opts: WorkerOptions = {}): Promise<RunningWorker> {
  const { config } = services;
  const renderer = await createRenderer({ templatesDir: opts.templatesDir ?? TEMPLATES_DIR, accentColor: services.config.branding.accentColor });
  const transport = opts.transport ?? createTransport(config);
  const processor = createSendProcessor({
    roster: services.roster,
    outcomes: services.outcomes,
    zones: services.zones,
    content: opts.content ?? createContentSource(),
    compose: { renderer, tokens: services.tokens, settings: { mailFrom: config.mailFrom, publicUrl: config.publicUrl }, branding: config.branding },
    transport,
    logger,
    orgSettings: cachedOrgSettings(() => services.orgSettings.get(), opts.orgSettingsTtlMs),
    observe: (event) => {
      // Counted in Redis so that /metrics of any process (usually `serve`) sees every worker's sends.
      services.metrics.observeSend(event).catch((err: Error) => logger.warn({ err: err.message }, 'metrics not recorded'));
      opts.observe?.(event);
    },
    now: opts.now,
    handoverLeaseMs: config.handoverLeaseMs,
    catchUpMs: config.catchUpMs,
    holdRecheckMs: opts.holdRecheckMs,
  });
  // One BullMQ worker per send queue, on a connection of its own (it blocks waiting for jobs);
  // WORKER_CONCURRENCY is shared out between them.
  const queues = services.sendQueues.all;
  const concurrency = Math.max(1, Math.ceil(config.workerConcurrency / queues.length));
  const running = queues.map((queue) => {
    const connection = services.connection(`briefing-worker-${queue.name}`);
    const worker = new Worker(queue.name, withRedactedErrors(processor), {
      connection,
      prefix: config.prefix,
      concurrency,
      // A killed worker's active jobs come back after the lock expires and a stalled check
      // (every lockDuration) sees it; the send gate makes running them again safe.
      lockDuration: config.jobLockMs,
      stalledInterval: config.jobLockMs,
      // The job defaults that used to be stored in every job's options (a million of them wait at once).
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 7 * 24 * 3600 },
      settings: { backoffStrategy: sendBackoffStrategy(config.retryBaseMs) },
    });
    worker.on('error', (err) => logger.error({ err: redactText(err.message) }, 'worker error'));
    worker.on('failed', (job, err) => {
      if (!job || !isFailedForGood(job, err)) return;
      logger.warn({ jobId: job.id, err: redactText(err.message) }, 'send job failed for good');
      settleAbandoned(services, job, err, opts.now?.() ?? new Date())
        .then((found) => {
          if (found === 'pending' || found === 'sending' || found === null) logger.warn({ jobId: job.id, found }, 'abandoned briefing recorded');
        })
        .catch((e: Error) => logger.error({ jobId: job.id, err: redactText(e.message) }, 'could not record the abandoned briefing'));
    });
    return { worker, connection };
  });
  await Promise.all(running.map((r) => r.worker.waitUntilReady()));
  logger.info({ concurrency: config.workerConcurrency, queues: queues.length, mail: transport.describe, dkim: config.dkim?.domainName ?? null }, 'worker started');
  for (const warning of deliverabilityWarnings(config)) logger.warn(warning);
  return {
    transport,
    async close() {
      await Promise.all(running.map((r) => r.worker.close()));
      await transport.close();
      await Promise.all(running.map((r) => r.connection.quit().catch(() => r.connection.disconnect())));
    },
  };
}
