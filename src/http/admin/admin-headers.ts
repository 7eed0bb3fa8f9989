import type { MiddlewareHandler } from 'hono';

/**
 * Headers of every `/admin` answer, the dashboard's pages, assets and API alike. The browser
 * re-sends the dashboard's Basic credentials on its own, so a page of another site that
 * framed it could trick ops into clicking its buttons (clickjacking): no framing, ever. The
 * answers show the roster and failure reasons: never cached, never sent on in a Referer.
 */
export function adminHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('X-Frame-Options', 'DENY');
    const csp = c.res.headers.get('Content-Security-Policy');
    c.header('Content-Security-Policy', csp ? `${csp}; frame-ancestors 'none'` : "frame-ancestors 'none'");
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
  };
}
