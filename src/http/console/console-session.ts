import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a console login lasts. */
export const SESSION_SECONDS = 12 * 3600;

export interface ConsoleSessions {
  /** Whether `given` is the admin token (compared in constant time). */
  tokenMatches(given: string): boolean;
  /** A new session: the cookie value to set. */
  issue(now?: Date): string;
  /** The session's CSRF token, or null when the cookie is missing, forged or expired. */
  csrfOf(cookie: string | undefined, now?: Date): string | null;
}

const equal = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * Console sessions without server state: the cookie is `expiry.nonce.mac`, signed with a key
 * derived from ADMIN_TOKEN, so that changing the token ends every session and nothing about
 * sessions is kept in Redis. The CSRF token is a second MAC of the cookie: a page of another
 * site can make the browser send the cookie, but cannot read the form that carries the token.
 */
export function consoleSessions(adminToken: string): ConsoleSessions {
  const key = createHmac('sha256', adminToken).update('briefing console session key').digest();
  const mac = (text: string) => createHmac('sha256', key).update(text).digest();
  const tokenDigest = mac(`token|${adminToken}`);
  return {
    tokenMatches: (given) => equal(mac(`token|${given}`), tokenDigest),
    issue(now = new Date()) {
      const body = `${Math.floor(now.getTime() / 1000) + SESSION_SECONDS}.${randomBytes(16).toString('base64url')}`;
      return `${body}.${mac(`session|${body}`).toString('base64url')}`;
    },
    csrfOf(cookie, now = new Date()) {
      const parts = cookie?.split('.') ?? [];
      if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[0]!)) return null;
      const body = `${parts[0]}.${parts[1]}`;
      if (!equal(Buffer.from(parts[2]!, 'base64url'), mac(`session|${body}`))) return null;
      if (Number(parts[0]) * 1000 <= now.getTime()) return null;
      return mac(`csrf|${cookie}`).toString('base64url');
    },
  };
}

/** Whether a submitted CSRF token is the session's (constant time). */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && equal(Buffer.from(given), Buffer.from(expected));
}
