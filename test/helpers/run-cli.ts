import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config.ts';
import { redisTargetEnv } from '../../src/redis-target.ts';

export const BIN = fileURLToPath(new URL('../../bin/briefing.js', import.meta.url));

/**
 * Tests run the TypeScript sources (through tsx), whether or not a build in dist/ is up to
 * date; test/integration/build.test.ts is the one that runs the build.
 */
export const FROM_SOURCE = { BRIEFING_FROM_SOURCE: '1' } as const;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when it was still running at the time limit (and was killed). */
  readonly timedOut: boolean;
}

/** Runs `briefing …` as a real child process, the way ops run it. */
export function runCli(args: string[], env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...FROM_SOURCE, ...env },
        timeout: opts.timeoutMs ?? 30_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr, timedOut: !!(err as { killed?: boolean } | null)?.killed });
      },
    );
  });
}

/** The environment a child process (`briefing status`, `briefing worker`…) needs to share a test's Redis prefix and keys. */
export function cliEnv(config: Config): Record<string, string> {
  return {
    NODE_ENV: 'test',
    ...redisTargetEnv(config.redis, { redact: false }),
    BRIEFING_PREFIX: config.prefix,
    UNSUBSCRIBE_KEYS: config.unsubscribeKeys.map((k) => `${k.kid}:${k.secret}`).join(','),
    PUBLIC_URL: config.publicUrl,
    MAIL_FROM: config.mailFrom,
  };
}
