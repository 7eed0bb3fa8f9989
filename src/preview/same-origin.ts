import type { MiddlewareHandler } from 'hono';

/**
 * Refuses requests a browser made on behalf of another site. The preview is a dev tool on
 * localhost, but a page on any website could still POST a form to it (and send mail from
 * the developer's SMTP account). Browsers tell us where a request came from: `Sec-Fetch-Site`
 * and `Origin` must both, when present, say "this origin". A client without either is not a
 * browser (curl, a test), and cannot be tricked into a cross-site request.
 */
export function sameOriginOnly(): MiddlewareHandler {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    if ((site !== undefined && site !== 'same-origin') || (origin !== undefined && origin !== own)) {
      return c.text(`Refused: this form only works from the preview itself (${own}), not from ${origin ?? site}.`, 403);
    }
    await next();
  };
}
