import { createTestStack, type TestStack } from '../../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../helpers/smtp-receiver.ts';
import { killAllWorkerProcesses, startWorkerProcess, type WorkerProcess } from '../../helpers/worker-process.ts';
import type { Outcome } from '../../../src/delivery/outcome.ts';
import { cliEnv } from '../../helpers/run-cli.ts';
import type { Config } from '../../../src/config.ts';
import { allOutcomes } from '../../helpers/outcomes.ts';

export const DATE = '2026-11-24'; // a Tuesday

/** Short enough that a killed worker's jobs come back within seconds; long enough not to flood Redis. */
export const FAST_RECOVERY = { JOB_LOCK_MS: '1500', HANDOVER_LEASE_MS: '2000' } as const;

/**
 * A fault test's world: real Redis under its own prefix (the test reads outcomes there), a
 * real SMTP receiver, a roster of `count` people who each have a task today (so each is due
 * one briefing), and `briefing worker` child processes started on demand.
 */
export interface FaultStack {
  readonly stack: TestStack;
  readonly smtp: SmtpReceiver;
  readonly ids: string[];
  readonly env: Record<string, string>;
  emailOf(id: string): string;
  startWorker(extraEnv?: Record<string, string>): Promise<WorkerProcess>;
  enqueueAll(): Promise<void>;
  outcomes(): Promise<Map<string, Outcome>>;
  /** Messages received per address. */
  receivedPerAddress(): Map<string, number>;
  stop(): Promise<void>;
}

export interface FaultStackOptions {
  /** The roster record of each recipient beyond id and email; default: today's task from a content file. */
  readonly record?: (id: string) => Record<string, unknown>;
}

export async function createFaultStack(
  count: number,
  env: Record<string, string> = {},
  opts: FaultStackOptions = {},
): Promise<FaultStack> {
  const smtp = await startSmtpReceiver();
  const settings = {
    SMTP_URL: smtp.url,
    WORKER_CONCURRENCY: '8',
    SMTP_POOL_SIZE: '4',
    RETRY_BASE_MS: '200',
    SEND_ATTEMPTS: '10',
    ...FAST_RECOVERY,
    ...env,
  };
  const stack = await createTestStack(settings);
  await stack.write('today.json', JSON.stringify({ tasks: [{ title: 'Read the fault report', due: DATE }] }));
  const ids = Array.from({ length: count }, (_, i) => `r-${String(i).padStart(5, '0')}`);
  const emailOf = (id: string) => `${id}@example.test`;
  const record = opts.record ?? (() => ({ content: 'today.json' }));
  await stack.importRoster(ids.map((id) => ({ id, email: emailOf(id), ...record(id) })));
  const childEnv: Record<string, string> = { ...cliEnv(stack.config), ...settings };
  return {
    stack,
    smtp,
    ids,
    env: childEnv,
    emailOf,
    startWorker: (extra = {}) => startWorkerProcess({ ...childEnv, ...extra }),
    async enqueueAll() {
      await stack.services.enqueue(DATE, ids, 'all');
    },
    outcomes: () => allOutcomes(stack.services.outcomes, DATE),
    receivedPerAddress() {
      const counts = new Map<string, number>();
      for (const m of smtp.received) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    async stop() {
      await killAllWorkerProcesses();
      await stack.stop();
      await smtp.close();
    },
  };
}

const FINAL = (s: string | undefined) => s !== undefined && s !== 'pending' && s !== 'sending';

/** Waits until every id has a final outcome (not pending, not sending); fails with a summary. */
export async function waitForFinal(fs: FaultStack, ids: readonly string[], timeoutMs: number): Promise<Map<string, Outcome>> {
  const started = Date.now();
  for (;;) {
    const all = await fs.outcomes();
    if (ids.every((id) => FINAL(all.get(id)?.status))) return all;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`not every briefing reached a final outcome within ${timeoutMs} ms: ${JSON.stringify(countStatuses(all, ids))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function countStatuses(all: Map<string, Outcome>, ids: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) {
    const s = all.get(id)?.status ?? '(none)';
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

/** Resolves once the receiver holds at least `n` messages. */
export async function waitForReceived(fs: FaultStack, n: number, timeoutMs = 60_000): Promise<void> {
  await fs.smtp.waitFor(n, timeoutMs);
}
