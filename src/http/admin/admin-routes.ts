import { Hono } from 'hono';
import type { Services } from '../../app/services.ts';
import type { Logger } from '../../logger.ts';
import { adminApi } from './admin-api.ts';
import { adminAuth, sameOriginWrites } from './admin-auth.ts';
import { adminHeaders } from './admin-headers.ts';
import { queueDashboard } from './queue-dashboard.ts';

/**
 * `/admin/api` (JSON, Bearer token only: no browser sends it on its own, so no CSRF) and
 * `/admin/queues` (the bull-board dashboard: Bearer, or Basic with the token as password so
 * that a browser can use it, with cross-site writes refused). Mount only when ADMIN_TOKEN is set.
 */
export function adminRoutes(services: Services, logger: Logger, token: string): Hono {
  const app = new Hono();
  // First, so that a refusal (401) is not frameable either.
  app.use('/admin', adminHeaders());
  app.use('/admin/*', adminHeaders());
  app.use('/admin/api/*', adminAuth({ token }));
  app.route('/admin/api', adminApi(services, logger));
  app.use('/admin/queues', adminAuth({ token, basic: true }), sameOriginWrites());
  app.use('/admin/queues/*', adminAuth({ token, basic: true }), sameOriginWrites());
  app.route('/admin/queues', queueDashboard(services, '/admin/queues'));
  return app;
}
