/**
 * Redis not answering, in words for ops: ioredis' own messages ("Reached the max retries
 * per request limit (which is 2). Refer to "maxRetriesPerRequest" option…") name its
 * options, not the problem. No ioredis import: the CLI words its errors without loading it.
 */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
  readonly code = 'EREDISDOWN';
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/** The errors ioredis fails a command with while it has no connection (not Redis' own replies). */
export function isConnectionFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return err.name === 'MaxRetriesPerRequestError' || (code !== undefined && code in REASONS) || /^Connection is closed|Stream isn't writeable/.test(err.message);
}

/** Why Redis did not answer: the connection's own error when there is one, else "no answer". */
export function unreachableReason(cause: Error | undefined, waitedMs?: number): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && REASONS[code]) return REASONS[code];
  if (cause && /NOAUTH|WRONGPASS|invalid password|invalid username-password/i.test(cause.message)) {
    return 'Redis refused the credentials (put the right ones in the URL: redis://USER:PASSWORD@HOST:PORT)';
  }
  if (cause && /All sentinels are unreachable/.test(cause.message)) return 'no sentinel answered';
  if (cause && /None of startup nodes is available|Failed to refresh slots cache/.test(cause.message)) return 'no cluster node answered';
  if (!cause || isConnectionFailure(cause) || cause.message === 'no answer') return waitedMs === undefined ? 'no answer' : `no answer within ${waitedMs / 1000} s`;
  return cause.message;
}

/** `described`: the variable(s) of the mode in use with credentials hidden (describeRedisTarget). */
export function redisUnreachable(described: string, reason: string, note = ''): RedisUnreachableError {
  return new RedisUnreachableError(`${described}: ${reason} — is Redis running? (docker compose up redis, or redis-server)${note}`);
}
