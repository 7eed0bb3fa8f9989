import type { MiddlewareHandler } from 'hono';
import { loopbackOrigins } from './loopback.ts';

/**
 * Refuses requests a browser made on behalf of another site. The preview is a dev tool on
 * localhost, but a page on any website could still POST a form to it (and send mail from
 * the developer's SMTP account). Browsers tell us where a request came from: `Sec-Fetch-Site`
 * must, when present, say "same-origin", and `Origin`, when present, must be one of the
 * preview's own loopback origins: it is compared with that list, never with the `Host` the
 * request names (a rebound domain's page sends its own name there). A client without either
 * header is not a browser (curl, a test), and cannot be tricked into a cross-site request.
 */
export function sameOriginOnly(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const own = loopbackOrigins(port());
    if ((site !== undefined && site !== 'same-origin') || (origin !== undefined && !own.includes(origin.toLowerCase()))) {
      return c.text(`Refused: this form only works from the preview itself (${own[0]}), not from ${origin ?? site}.`, 403);
    }
    await next();
  };
}
