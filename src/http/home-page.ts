import { Hono } from 'hono';
import { layout, para } from './pages/page-frame.ts';
import { htmlPage } from './pages/respond.ts';

/**
 * `GET /`: what this service is. Outside production it links to the ops console; in
 * production it names the service only (no map of the admin surface for passers-by).
 */
export function homeRoutes(opts: { production: boolean; consoleOn: boolean }): Hono {
  const app = new Hono();
  const content = opts.production
    ? ''
    : para('This service sends everyone in the organisation a daily Briefing email and serves its unsubscribe and preferences pages.') +
      (opts.consoleOn ? '<p><a href="/admin">Open the ops console</a></p>' : para('The ops console is off: set ADMIN_TOKEN to turn it on.'));
  const html = layout('en', 'Briefing', content);
  app.get('/', () => htmlPage(200, html));
  return app;
}
