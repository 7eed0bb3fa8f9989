import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export interface AdminAuthOptions {
  readonly token: string;
  /**
   * Also accept HTTP Basic with the token as the password (any user name). Only for the
   * dashboard: a browser cannot add a Bearer header to the page's own script, style and
   * API requests, but it prompts for Basic credentials once and re-sends them.
   */
  readonly basic?: boolean;
}

// Hash both sides first: timingSafeEqual needs equal lengths, and comparing digests keeps the
// comparison time independent of where (or whether) the token and the guess differ.
const digest = (text: string) => createHash('sha256').update(text).digest();

function presented(header: string | undefined, basic: boolean): string | undefined {
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const b = basic ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (b) {
    const decoded = Buffer.from(b[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/** Refuses a request without the admin token: 401, and nothing behind it runs. */
export function adminAuth(opts: AdminAuthOptions): MiddlewareHandler {
  if (opts.token.length < 16) throw new Error('adminAuth: the token must be at least 16 characters');
  const expected = digest(opts.token);
  const challenge = opts.basic ? 'Basic realm="Briefing admin", charset="UTF-8"' : 'Bearer realm="Briefing admin"';
  return async (c, next) => {
    const given = presented(c.req.header('Authorization'), opts.basic ?? false);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', challenge);
      return c.json({ error: given === undefined ? 'admin token required (Authorization: Bearer TOKEN)' : 'wrong admin token' }, 401);
    }
    await next();
  };
}

/**
 * Basic credentials are sent by the browser on its own, also on a request another site
 * makes it send: refuse state-changing requests whose Origin is not this site (CSRF).
 */
export function sameOriginWrites(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('Origin');
      const site = c.req.header('Sec-Fetch-Site');
      const host = c.req.header('Host');
      // Under our `Referrer-Policy: no-referrer` a form POST from our own page carries
      // `Origin: null`: then only a browser's `Sec-Fetch-Site: same-origin` vouches for it.
      const otherHost = origin !== undefined && (() => {
        try {
          return new URL(origin).host !== host;
        } catch {
          return origin !== 'null' || site === undefined;
        }
      })();
      const foreign = (site !== undefined && site !== 'same-origin') || otherHost;
      if (foreign) return c.json({ error: 'cross-site request refused' }, 403);
    }
    await next();
  };
}
