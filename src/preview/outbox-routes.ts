import { Hono } from 'hono';
import path from 'node:path';
import { listOutbox, outboxNames, readOutboxMessage } from './outbox.ts';
import { notFoundPage } from './pages/not-found-page.ts';
import { outboxListPage, outboxMessagePage } from './pages/outbox-pages.ts';
import type { PreviewDeps } from './preview-deps.ts';
import { pickName } from './safe-name.ts';

/** The `.eml` files the service wrote (SMTP_URL unset), each shown as a mail app would. */
export function outboxRoutes(deps: PreviewDeps): Hono {
  const dir = path.resolve(deps.config.outboxDir);
  const app = new Hono();

  app.get('/', async (c) => {
    const { entries, total } = await listOutbox(dir);
    return c.html(outboxListPage(dir, entries, total));
  });

  app.get('/:name', async (c) => {
    const name = pickName(c.req.param('name'), await outboxNames(dir));
    if (!name) return c.html(notFoundPage(), 404);
    return c.html(outboxMessagePage(name, await readOutboxMessage(dir, name)));
  });

  app.get('/:name/html', async (c) => {
    const name = pickName(c.req.param('name'), await outboxNames(dir));
    if (!name) return c.text('Not found', 404);
    const mail = await readOutboxMessage(dir, name);
    // The file could hold anything: it is shown as a sandboxed document that runs no script.
    c.header('Content-Security-Policy', 'sandbox allow-popups allow-popups-to-escape-sandbox');
    return typeof mail.html === 'string' ? c.html(mail.html) : c.text('This message has no HTML part.', 404);
  });

  return app;
}
