import { Hono } from 'hono';
import type { Registry } from 'prom-client';

/** `GET /metrics` in Prometheus text format. */
export function metricsRoutes(registry: Registry): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const body = await registry.metrics();
    return c.body(body, 200, { 'Content-Type': registry.contentType });
  });
  return app;
}
