/**
 * A little brake on guessing the admin token: after `max` failed logins from one address
 * within `windowMs`, further tries from it are refused until the window has passed. Kept in
 * the process (each HTTP process counts its own): it slows a guesser, it is not an account lock.
 */
export interface LoginLimiter {
  /** Seconds until the address may try again, or 0 when it may try now. */
  retryAfter(address: string, now?: number): number;
  failed(address: string, now?: number): void;
  succeeded(address: string): void;
}

export function loginLimiter(opts: { max: number; windowMs: number }): LoginLimiter {
  const failures = new Map<string, { count: number; since: number }>();
  const current = (address: string, now: number) => {
    const entry = failures.get(address);
    if (entry && now - entry.since >= opts.windowMs) {
      failures.delete(address);
      return undefined;
    }
    return entry;
  };
  return {
    retryAfter(address, now = Date.now()) {
      const entry = current(address, now);
      return entry && entry.count >= opts.max ? Math.ceil((entry.since + opts.windowMs - now) / 1000) : 0;
    },
    failed(address, now = Date.now()) {
      // Bounded: a flood from many addresses forgets the oldest instead of growing without end.
      if (failures.size >= 10_000) failures.delete(failures.keys().next().value!);
      const entry = current(address, now) ?? { count: 0, since: now };
      failures.set(address, { ...entry, count: entry.count + 1 });
    },
    succeeded(address) {
      failures.delete(address);
    },
  };
}
