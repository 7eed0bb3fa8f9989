import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Services } from '../src/app/services.ts';
import type { Logger } from '../src/logger.ts';
import { FAN_OUT_QUEUE } from '../src/queue/send-queues.ts';
import { parseSendAllJob, SEND_ALL_JOB } from '../src/queue/send-all-job.ts';
import { sendAll } from '../src/queue/send-all.ts';
import { fanOutShards } from '../src/schedule/fan-out.ts';
import { FAN_OUT_JOB, parseFanOutJob } from '../src/schedule/fan-out-jobs.ts';
import { isFailedForGood } from './settle-abandoned.ts';

export interface RunningFanOutWorker {
  close(): Promise<void>;
}

/** Fan-out jobs one process works on at once: one waits on Redis while the other prepares a batch. */
const CONCURRENCY = 2;

/**
 * Takes the fan-out jobs the scheduler's tick queues (a send group, a date and a range of
 * shards each) and the admin's send-all jobs. Every `worker` process runs one, so a day's
 * fan-out is shared by all of them; a process killed mid-job leaves it to another once its
 * lock expires, and the shards it finished are not done twice.
 */
export async function startFanOutWorker(services: Services, logger: Logger, opts: { now?: () => Date } = {}): Promise<RunningFanOutWorker> {
  const { config } = services;
  const now = opts.now ?? (() => new Date());
  const log = logger.child({ part: 'fan-out' });

  async function process(job: Job): Promise<unknown> {
    if (job.name === FAN_OUT_JOB) {
      const parsed = parseFanOutJob(job.data);
      if (!parsed.ok) throw new UnrecoverableError(`invalid fan-out job: ${parsed.problem}`);
      const { task } = parsed;
      const counts = await fanOutShards(services, task, config.catchUpMs, now());
      await Promise.all([
        services.metrics.countOutcome('skipped:not-workday', counts.notWorkday),
        services.metrics.countOutcome('skipped:missed', counts.missed),
      ]);
      log.info({ group: job.data.g, date: task.date, action: task.action, shards: `${task.from}-${task.to - 1}`, ...counts }, task.action === 'send' ? 'fanned out' : 'recorded as missed');
      return counts;
    }
    if (job.name === SEND_ALL_JOB) {
      const date = parseSendAllJob(job.data);
      if (!date) throw new UnrecoverableError('invalid send-all job');
      const result = await sendAll(services, date, (sofar) => job.updateProgress(sofar));
      log.info({ date, ...result }, 'sent to everyone, as the admin asked');
      return result;
    }
    throw new UnrecoverableError(`unknown job "${job.name}" in the fan-out queue`);
  }

  const connection = services.connection('briefing-fan-out');
  const worker = new Worker(FAN_OUT_QUEUE, process, {
    connection,
    prefix: config.prefix,
    concurrency: CONCURRENCY,
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    // A fan-out whose process is killed comes back (and resumes at its first unfinished shard).
    maxStalledCount: 3,
  });
  worker.on('error', (err) => log.error({ err: err.message }, 'fan-out worker error'));
  worker.on('failed', (job, err) => {
    if (!job || !isFailedForGood(job, err)) return;
    const date = (job.data as { d?: string; date?: string }).d ?? (job.data as { date?: string }).date;
    log.error({ jobId: job.id, err: err.message }, `fan-out job failed for good: run \`briefing send --date ${date} --all\` to finish the day`);
  });
  await worker.waitUntilReady();
  log.info({ concurrency: CONCURRENCY }, 'fan-out worker started');
  return {
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
