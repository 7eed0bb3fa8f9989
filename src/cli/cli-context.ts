import { loadConfig, type Config } from '../config.ts';
import type { Services } from '../app/services.ts';
import { createLogger, type Logger } from '../logger.ts';
import type { RedisClient } from '../store/client.ts';
import type { Store } from '../store/store.ts';

/** Thrown for a user mistake on the command line: printed as one line, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * What a command needs, built lazily from the environment (the process's edge) so that a
 * command that does not touch Redis never connects, and closed once the command is done.
 */
export class CliContext {
  private services?: Services;
  private bare?: { store: Store; client: RedisClient };
  private cachedConfig?: Config;
  private cachedLogger?: Logger;

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** NODE_ENV as given, readable before (and without) validating the rest of the environment. */
  get nodeEnv(): string | undefined {
    return this.env.NODE_ENV;
  }

  get config(): Config {
    this.cachedConfig ??= loadConfig(this.env);
    return this.cachedConfig;
  }

  /** Logs of CLI commands go to stderr: stdout is the command's output. */
  get logger(): Logger {
    this.cachedLogger ??= createLogger(this.config.logLevel === 'info' ? 'warn' : this.config.logLevel, { toStderr: true });
    return this.cachedLogger;
  }

  /** The services, once Redis answers and holds this version's layout (`checkLayout: false`: `briefing migrate`, which moves it there). */
  async connect(opts: { checkLayout?: boolean } = {}): Promise<Services> {
    if (!this.services) {
      // Loaded on demand: `briefing --help` and config errors should not wait for BullMQ to load.
      const [{ createServices }, { assertRedisReachable }] = await Promise.all([import('../app/services.ts'), import('../redis.ts')]);
      this.services = createServices(this.config, { name: 'briefing-cli' });
      await assertRedisReachable(this.services, this.config.redisUrl);
      if (opts.checkLayout ?? true) await this.services.checkLayout();
    }
    return this.services;
  }

  /**
   * The store alone on a connection of its own, with no layout check and no queues (BullMQ
   * writes a queue's meta key as it opens it): what `briefing migrate --dry-run` may touch.
   */
  async connectStore(): Promise<{ store: Store; client: RedisClient }> {
    if (!this.bare) {
      const [{ createStore }, { assertRedisReachable, createRedis }] = await Promise.all([import('../store/store.ts'), import('../redis.ts')]);
      const client = createRedis(this.config.redisUrl, { name: 'briefing-cli-store', autoPipelining: true });
      this.bare = { client, store: createStore(client, { prefix: this.config.prefix, retentionSeconds: Math.round(this.config.outcomeRetentionMs / 1000) }) };
      await assertRedisReachable(client, this.config.redisUrl);
    }
    return this.bare;
  }

  async close(): Promise<void> {
    await this.services?.close();
    this.services = undefined;
    await this.bare?.client.quit().catch(() => this.bare?.client.disconnect());
    this.bare = undefined;
  }
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
