import type { Config } from '../config.ts';
import type { Services } from '../app/services.ts';
import type { Logger } from '../logger.ts';
import type { RedisClient } from '../redis.ts';
import type { Store } from '../store/store.ts';

/** Thrown for a user mistake on the command line: printed as one line, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Loaded = { loadConfig: typeof import('../config.ts').loadConfig; createLogger: typeof import('../logger.ts').createLogger };

/**
 * What a command needs, built lazily from the environment (the process's edge) so that a
 * command that does not touch Redis never connects, and closed once the command is done.
 * Nothing is loaded at start-up: `prepare()` runs before a command's action (not for
 * `--help`, which needs neither zod nor pino).
 */
export class CliContext {
  private services?: Services;
  private bare?: { store: Store; client: RedisClient };
  private loaded?: Loaded;
  private cachedConfig?: Config;
  private cachedLogger?: Logger;
  /** The last error of the CLI's Redis connection, to say why a command that was running failed. */
  private lastRedisError?: Error;

  constructor(private readonly env: Record<string, string | undefined>) {}

  async prepare(): Promise<void> {
    const [{ loadConfig }, { createLogger }] = await Promise.all([import('../config.ts'), import('../logger.ts')]);
    this.loaded = { loadConfig, createLogger };
  }

  private get modules(): Loaded {
    if (!this.loaded) throw new Error('CliContext.prepare() must run before a command uses the context');
    return this.loaded;
  }

  /** NODE_ENV as given, readable before (and without) validating the rest of the environment. */
  get nodeEnv(): string | undefined {
    return this.env.NODE_ENV;
  }

  get config(): Config {
    this.cachedConfig ??= this.modules.loadConfig(this.env);
    return this.cachedConfig;
  }

  /** Logs of CLI commands go to stderr: stdout is the command's output. */
  get logger(): Logger {
    this.cachedLogger ??= this.modules.createLogger(this.config.logLevel === 'info' ? 'warn' : this.config.logLevel, { toStderr: true });
    return this.cachedLogger;
  }

  /** The services, once Redis answers and holds this version's layout (`checkLayout: false`: `briefing migrate`, which moves it there). */
  async connect(opts: { checkLayout?: boolean } = {}): Promise<Services> {
    if (!this.services) {
      // Loaded on demand: `briefing --help` and config errors should not wait for BullMQ to load.
      const [{ createServices }, { assertRedisReachable }] = await Promise.all([import('../app/services.ts'), import('../redis.ts')]);
      const services = createServices(this.config, { name: 'briefing-cli' });
      services.health.on('error', (err: Error) => (this.lastRedisError = err));
      try {
        await assertRedisReachable(services.health, this.config.redis);
      } catch (err) {
        // A graceful close would wait for a Redis that does not answer.
        services.disconnect();
        throw err;
      }
      if (opts.checkLayout ?? true) await services.checkLayout();
      this.services = services;
    }
    return this.services;
  }

  /**
   * A command that lost Redis part-way fails with ioredis' "max retries" error: say instead
   * what happened and what to do. Undefined for any other error.
   */
  async explain(err: unknown): Promise<Error | undefined> {
    if (!this.services) return undefined;
    const [{ isConnectionFailure, redisUnreachable, unreachableReason }, { describeRedisTarget }] = await Promise.all([
      import('../redis-unreachable.ts'),
      import('../redis-target.ts'),
    ]);
    if (!isConnectionFailure(err)) return undefined;
    const reason = unreachableReason(this.lastRedisError ?? (err as Error));
    return redisUnreachable(describeRedisTarget(this.config.redis), `Redis stopped answering during the command (${reason})`, '; run the command again once it answers');
  }

  /**
   * The store alone on a connection of its own, with no layout check and no queues (BullMQ
   * writes a queue's meta key as it opens it): what `briefing migrate --dry-run` may touch.
   */
  async connectStore(): Promise<{ store: Store; client: RedisClient }> {
    if (!this.bare) {
      const [{ createStore }, { assertRedisReachable, createRedisClient }] = await Promise.all([import('../store/store.ts'), import('../redis.ts')]);
      const client = createRedisClient(this.config.redis, { name: 'briefing-cli-store', autoPipelining: true });
      this.bare = { client, store: createStore(client, { prefix: this.config.prefix, retentionSeconds: Math.round(this.config.outcomeRetentionMs / 1000) }) };
      await assertRedisReachable(client, this.config.redis);
    }
    return this.bare;
  }

  /** Closes the connections; `abrupt` drops them without waiting for a Redis that stopped answering. */
  async close(opts: { abrupt?: boolean } = {}): Promise<void> {
    const services = this.services;
    const bare = this.bare;
    this.services = undefined;
    this.bare = undefined;
    if (opts.abrupt) {
      services?.disconnect();
      bare?.client.disconnect();
    } else {
      await services?.close();
      await bare?.client.quit().catch(() => bare.client.disconnect());
    }
  }
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
