import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../logger.ts';

/**
 * One debug line per HTTP request: method, the route's pattern, status and milliseconds.
 * The pattern (`/unsubscribe/:token`), never the path: paths carry unsubscribe tokens, and a
 * token in a log line would let anyone who reads the logs unsubscribe that person. No query,
 * no address, no user agent either. createApp mounts it only when LOG_LEVEL is debug or trace.
 */
export function accessLog(logger: Logger): MiddlewareHandler {
  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    // After next(), routeIndex is the handler that answered; this middleware itself when no route matched.
    const answered = matchedRoutes(c)[c.req.routeIndex];
    const route = answered && answered.handler !== middleware ? answered.path : null;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    logger.debug({ method: c.req.method, route, status: c.res.status, ms }, 'http request');
  };
  return middleware;
}
