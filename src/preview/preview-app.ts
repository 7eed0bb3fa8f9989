import { Hono } from 'hono';
import { combinationRoutes } from './combination-routes.ts';
import { eventsRoute } from './events-route.ts';
import { outboxRoutes } from './outbox-routes.ts';
import type { PreviewDeps } from './preview-deps.ts';

/**
 * The template preview, to be mounted at `/preview`. A development tool only: it shows
 * fixture data and outbox mail to anyone who can reach it, so it refuses to exist in production.
 */
export function createPreviewApp(deps: PreviewDeps): Hono {
  if (deps.config.nodeEnv === 'production') {
    throw new Error('the template preview is a development tool and is off when NODE_ENV=production');
  }
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    // Always the file as it is now: a cached page would hide the edit just saved.
    c.header('Cache-Control', 'no-store');
  });
  app.route('/events', eventsRoute(deps));
  // Before the combinations: `/outbox/:name/html` has as many segments as `/:template/:fixture/:locale`.
  app.route('/outbox', outboxRoutes(deps));
  app.route('/', combinationRoutes(deps));
  return app;
}
