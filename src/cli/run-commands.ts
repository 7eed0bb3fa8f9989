import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { CliContext } from './cli-context.ts';
import type { Logger } from '../logger.ts';
import { onStopSignal } from './stop-signals.ts';

/** `send`: the briefings; `fan-out`: the fan-out and send-all jobs; `scheduler`: the tick that queues them. */
type Part = 'http' | 'send' | 'fan-out' | 'scheduler';

/**
 * Runs the long-lived parts of the service until SIGTERM/SIGINT. `serve` with
 * HTTP_PROCESSES > 1 becomes a supervisor of that many copies, each of which runs the parts.
 */
async function run(config: Config, parts: readonly Part[]): Promise<void> {
  const [{ createLogger }, { isHttpProcessCopy, leaveHttpProcesses, superviseHttpProcesses }] = await Promise.all([
    import('../logger.ts'),
    import('../http/http-processes.ts'),
  ]);
  const logger = createLogger(config.logLevel);
  if (config.httpProcesses === 1) return runParts(config, parts, logger);
  if (parts.length !== 1 || parts[0] !== 'http') {
    logger.warn({ httpProcesses: config.httpProcesses }, 'HTTP_PROCESSES applies to `briefing serve` only: this command runs one process');
    return runParts(config, parts, logger);
  }
  if (!isHttpProcessCopy()) return superviseHttpProcesses({ processes: config.httpProcesses, logger });
  try {
    await runParts(config, parts, logger);
  } finally {
    // Stopped or failed to start: the channel to the supervisor would keep this copy alive.
    leaveHttpProcesses();
  }
}

/**
 * Starts the parts, then on SIGTERM/SIGINT closes them in reverse order: stop taking
 * requests and jobs, let in-flight sends finish, close Redis.
 */
async function runParts(config: Config, parts: readonly Part[], logger: Logger): Promise<void> {
  // Listening before anything starts: a SIGTERM while the parts start (right after "http
  // listening", say) lets them finish starting and then stops them, instead of killing the
  // process half-started.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => onStopSignal(resolve));
  const [{ createServices }, { waitForRedis }] = await Promise.all([import('../app/services.ts'), import('../redis.ts')]);
  if (config.usingDevKey) {
    logger.warn('UNSUBSCRIBE_KEYS is not set: using the public development key. Set it before sending to real people.');
  }
  const services = createServices(config, { name: `briefing-${parts.join('+')}`, blocking: true, logger });
  try {
    await waitForRedis(services.health, config.redis, { timeoutMs: config.redisStartupTimeoutMs, logger });
    await services.checkLayout();
  } catch (err) {
    // Its connections would keep retrying and hold the process open: exit and say why.
    services.disconnect();
    throw err;
  }
  const closers: (() => Promise<void>)[] = [() => services.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'error while closing');
      }
    }
  };

  const startParts = async () => {
    if (parts.includes('send')) {
      const { startWorker } = await import('../../workers/start-worker.ts');
      const worker = await startWorker(services, logger);
      closers.push(() => worker.close());
    }
    if (parts.includes('fan-out')) {
      const { startFanOutWorker } = await import('../../workers/fan-out-worker.ts');
      const fanOut = await startFanOutWorker(services, logger);
      closers.push(() => fanOut.close());
    }
    if (parts.includes('scheduler')) {
      // Pushed after the workers so that the scheduler closes first: no new fan-out while they drain.
      const { startScheduler } = await import('../../workers/scheduler.ts');
      const scheduler = await startScheduler(services, logger);
      closers.push(() => scheduler.close());
    }
    if (parts.includes('http')) {
      const [{ createApp }, { startServer }] = await Promise.all([import('../http/create-app.ts'), import('../http/start-server.ts')]);
      const server = await startServer(createApp({ services, logger }), config.port);
      logger.info({ port: server.port, publicUrl: config.publicUrl }, 'http listening');
      closers.push(() => server.close());
    }
  };

  try {
    await startParts();
  } catch (err) {
    // A part that fails to start (the port is taken, say) must not leave the others running.
    await closeAll();
    throw err;
  }

  const signal = await stopSignal;
  logger.info({ signal }, 'shutting down: finishing in-flight work');
  await closeAll();
  logger.info('stopped');
}

export function registerRunCommands(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('HTTP app, worker and scheduler in one process (the single-machine default)')
    .action(() => run(ctx.config, ['http', 'send', 'fan-out', 'scheduler']));
  program
    .command('serve')
    .description('the HTTP app alone (unsubscribe pages, health, metrics, admin)')
    .action(() => run(ctx.config, ['http']));
  program
    .command('worker')
    .description('the worker and scheduler alone (run several to scale out: they share the fan-out and the sends)')
    .option('--no-scheduler', 'no tick: leave the daily schedule to other processes (benchmarks, dedicated send workers); still takes fan-out jobs')
    .option('--no-send', 'send no briefings: fan-out (and the tick, unless --no-scheduler) only, e.g. a scheduler process of its own')
    .action((opts: { scheduler: boolean; send: boolean }) => {
      const parts: Part[] = ['fan-out'];
      if (opts.send) parts.unshift('send');
      if (opts.scheduler) parts.push('scheduler');
      return run(ctx.config, parts);
    });
}
