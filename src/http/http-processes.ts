import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.ts';

export interface HttpProcessesOptions {
  /** How many HTTP processes to keep running (HTTP_PROCESSES). */
  readonly processes: number;
  readonly logger: Logger;
  /** More restarts than this within `restartWindowMs` and the supervisor gives up (exit 1). */
  readonly maxRestarts?: number;
  readonly restartWindowMs?: number;
  /** How long stopping processes get before they are killed. */
  readonly stopTimeoutMs?: number;
}

/**
 * `briefing serve` with HTTP_PROCESSES > 1: this process starts that many copies of the
 * command (node:cluster), which share its port, and only watches them. One Node process
 * answers on one core; the one-click path is CPU-bound, so a machine with more cores
 * answers more people at once with more processes. Each copy is the whole HTTP app with
 * its own Redis connection; nothing is kept in process memory that another copy would
 * need (metrics are read from Redis at scrape time).
 *
 * Resolves after SIGTERM/SIGINT once every copy has finished its in-flight requests.
 * Rejects when the copies fail to start (Redis unreachable, the port taken: their own error
 * is on stderr above), when they keep dying, or when one fails while stopping, so that ops
 * see an exit and its reason, not a loop.
 */
export function superviseHttpProcesses(opts: HttpProcessesOptions): Promise<void> {
  const { processes, logger } = opts;
  const maxRestarts = opts.maxRestarts ?? 5;
  const restartWindowMs = opts.restartWindowMs ?? 60_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 15_000;

  return new Promise<void>((resolve, reject) => {
    const listening = new Set<Worker>();
    const restarts: number[] = [];
    let stopping: { error?: Error } | undefined;
    let started = false;
    let pendingFork: NodeJS.Timeout | undefined;

    const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    const stoppedBySignal = (signal: string | null) => signal === 'SIGTERM' || signal === 'SIGINT';

    const stopAll = (error?: Error) => {
      if (stopping) return;
      stopping = { error };
      clearTimeout(pendingFork);
      const workers = alive();
      if (workers.length === 0) return finish();
      for (const w of workers) w.process.kill('SIGTERM');
      setTimeout(() => {
        for (const w of alive()) {
          logger.error({ child: w.process.pid }, `http process still running ${stopTimeoutMs} ms after SIGTERM: killing it`);
          stopping!.error ??= new Error(`an HTTP process did not stop within ${stopTimeoutMs / 1000} s of SIGTERM and was killed`);
          w.process.kill('SIGKILL');
        }
      }, stopTimeoutMs).unref();
    };

    const finish = () => {
      process.off('SIGTERM', onSigterm).off('SIGINT', onSigint);
      cluster.off('listening', onListening).off('exit', onExit);
      if (stopping?.error) reject(stopping.error);
      else resolve();
    };

    const onListening = (worker: Worker) => {
      listening.add(worker);
      if (!started && listening.size === processes) {
        started = true;
        logger.info({ processes, children: [...listening].map((w) => w.process.pid) }, 'http processes listening');
      }
    };

    const onExit = (worker: Worker, code: number | null, signal: string | null) => {
      listening.delete(worker);
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (stopping) {
        // A copy that fails while draining has lost requests: say so, and exit non-zero.
        if (code !== 0 && !stoppedBySignal(signal)) {
          logger.error({ child: worker.process.pid, code, signal }, 'http process failed while stopping');
          stopping.error ??= new Error(`an HTTP process exited (${how}) while stopping; see the errors above`);
        }
        if (alive().length === 0) finish();
        return;
      }
      // Before the first full start, an exit is a start-up failure (Redis unreachable, the
      // port taken): the copies would all fail the same way, so stop and say so. A copy
      // stopped by SIGINT/SIGTERM before its own handlers were in place is a Ctrl-C.
      if (!started) {
        if (stoppedBySignal(signal)) return stopAll();
        logger.error({ child: worker.process.pid, code, signal }, 'http process exited before it was listening');
        return stopAll(new Error(`an HTTP process exited (${how}) before it was listening: its error is above`));
      }
      // Once running, a copy that dies (or a replacement that cannot start, say while Redis
      // is briefly away) is replaced after a growing pause, up to `maxRestarts` a window.
      const now = Date.now();
      while (restarts.length && restarts[0]! < now - restartWindowMs) restarts.shift();
      if (restarts.length >= maxRestarts) {
        logger.error({ child: worker.process.pid, code, signal }, 'http processes keep exiting: giving up');
        return stopAll(new Error(`HTTP processes exited ${restarts.length + 1} times within ${restartWindowMs / 1000} s (last: ${how}); see the errors above`));
      }
      const delayMs = restarts.length === 0 ? 0 : Math.min(1000 * 2 ** (restarts.length - 1), 16_000);
      restarts.push(now);
      logger.error({ child: worker.process.pid, code, signal, restartInMs: delayMs }, 'http process exited: starting another');
      pendingFork = setTimeout(() => {
        if (!stopping) cluster.fork();
      }, delayMs);
    };

    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      logger.info({ signal }, 'shutting down: http processes finish in-flight requests');
      stopAll();
    };
    const onSigterm = () => onSignal('SIGTERM');
    const onSigint = () => onSignal('SIGINT');

    process.on('SIGTERM', onSigterm).on('SIGINT', onSigint);
    cluster.on('listening', onListening).on('exit', onExit);
    for (let i = 0; i < processes; i++) cluster.fork();
  });
}

/** True in a copy started by `superviseHttpProcesses`: it runs the HTTP app itself. */
export const isHttpProcessCopy = (): boolean => cluster.isWorker;

/** In a copy that has stopped: closes its channel to the supervisor, which would keep it alive. */
export function leaveHttpProcesses(): void {
  cluster.worker?.disconnect();
}
