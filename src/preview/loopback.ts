import type { MiddlewareHandler } from 'hono';

/**
 * The names the preview answers to: loopback, on the port it listens on. A web page the
 * developer visits can point its own domain at 127.0.0.1 (DNS rebinding); the browser then
 * calls that page "same origin" with the preview, but still sends its own name as `Host`.
 */
export function loopbackHosts(port: number): readonly string[] {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  return [...names.map((n) => `${n}:${port}`), ...(port === 80 ? names : [])];
}

/** The origins the preview's own pages have. */
export function loopbackOrigins(port: number): readonly string[] {
  return loopbackHosts(port).map((host) => `http://${host}`);
}

/** Refuses (403) any request whose `Host` is not a loopback name with the preview's port. */
export function loopbackHostOnly(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host')?.toLowerCase();
    if (host === undefined || !loopbackHosts(port()).includes(host)) {
      return c.text(`Refused: the preview answers only at http://localhost:${port()} or http://127.0.0.1:${port()} (it shows your fixtures and outbox, and sends mail).`, 403);
    }
    await next();
  };
}
