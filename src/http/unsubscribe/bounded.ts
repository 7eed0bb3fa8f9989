/** Redis did not answer in time (down, paused, or the network is gone). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * Waits at most `ms` for a store call. The long-running processes build their Redis
 * connection to wait for Redis forever (`maxRetriesPerRequest: null`), which suits the
 * worker; a person waiting on a page needs an honest "try again" instead. The command may
 * still be applied when Redis returns: opt-outs and opt-ins are idempotent, and we never
 * claimed success.
 */
export function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
