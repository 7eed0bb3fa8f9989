import { Hono } from 'hono';
import type { RedisClient } from '../redis.ts';

/** `/healthz`: the process answers. `/readyz`: and Redis answers too (within a second). */
export function healthRoutes(redis: RedisClient): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return c.json({ status: 'ok', redis: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', redis: 'unreachable' }, 503);
    }
  });
  return app;
}
