import { loadConfig, type Config } from '../config.ts';
import type { Services } from '../app/services.ts';
import { createLogger, type Logger } from '../logger.ts';

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

  async connect(): Promise<Services> {
    if (!this.services) {
      // Loaded on demand: `briefing --help` and config errors should not wait for BullMQ to load.
      const [{ createServices }, { assertRedisReachable }] = await Promise.all([import('../app/services.ts'), import('../redis.ts')]);
      this.services = createServices(this.config, { name: 'briefing-cli' });
      await assertRedisReachable(this.services.redis, this.config.redis);
    }
    return this.services;
  }

  async close(): Promise<void> {
    await this.services?.close();
    this.services = undefined;
  }
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
