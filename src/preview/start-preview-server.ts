import { Hono } from 'hono';
import type { Logger } from '../logger.ts';
import { serve, type ServerType } from '@hono/node-server';
import { BASE } from './pages/layout.ts';
import { createPreviewApp } from './preview-app.ts';
import type { PreviewConfig } from './preview-deps.ts';
import { createReloadHub } from './reload-hub.ts';
import { createTemplateSnapshots } from './template-snapshot.ts';
import { holdMjmlThread } from '../render/mjml-to-html.ts';
import { watchTemplates } from './watch-templates.ts';
import { loopbackHostOnly } from './loopback.ts';
import type { OrgStateReader } from './org-state.ts';

export interface PreviewServerOptions {
  readonly config: PreviewConfig;
  readonly templatesDir: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Loopback by default: the preview shows fixture data and outbox mail to whoever reaches it. */
  readonly hostname?: string;
  readonly logger?: Logger;
  readonly debounceMs?: number;
  /** Reads the organisation's data controls for each page (`briefing preview` reads Redis when it answers). */
  readonly org?: OrgStateReader;
}

export interface PreviewServer {
  readonly port: number;
  /** e.g. http://127.0.0.1:3000/preview */
  readonly url: string;
  close(): Promise<void>;
}

/** The preview on its own HTTP server, watching `templatesDir` and reloading open pages. */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { config, templatesDir, logger } = options;
  const hostname = options.hostname ?? '127.0.0.1';
  // Every save recompiles: keep MJML's thread warm for the life of the preview.
  const releaseMjml = holdMjmlThread();
  const snapshots = createTemplateSnapshots(templatesDir, config.branding.accentColor);
  const hub = createReloadHub();
  // Known once listening; no request arrives before.
  let port = 0;
  const preview = createPreviewApp({ config, templatesDir, snapshots, hub, port: () => port, org: options.org });

  const watcher = watchTemplates(
    templatesDir,
    (files) => {
      snapshots.reload().then(
        (snapshot) => {
          logger?.info({ files: files.length, version: snapshot.version, errors: snapshot.renderer.errors.length }, 'templates reloaded');
          hub.publish({ version: snapshot.version });
        },
        (err: Error) => logger?.error({ err: err.message }, 'templates could not be reloaded'),
      );
    },
    options.debounceMs,
  );
  await watcher.ready;

  const app = new Hono();
  app.use('*', loopbackHostOnly(() => port));
  app.get('/', (c) => c.redirect(BASE));
  app.route(BASE, preview);
  app.onError((err, c) => {
    logger?.error({ err: err.message, path: c.req.path }, 'preview error');
    return c.text(`The preview failed: ${err.message}`, 500);
  });
  let listening: { server: ServerType; port: number };
  try {
    listening = await listen(app, options.port, hostname);
  } catch (err) {
    await watcher.close();
    throw err;
  }
  const { server } = listening;
  port = listening.port;
  const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    port,
    url: `http://${shown}:${port}${BASE}`,
    async close() {
      await watcher.close();
      // Open event streams and browsers' keep-alive connections would hold close() for
      // seconds; nothing a dev tool serves is worth waiting for.
      hub.closeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A moment for the ended streams to flush, then whatever is left is dropped.
      const force = setTimeout(() => ('closeAllConnections' in server ? server.closeAllConnections() : undefined), 100);
      await closed;
      clearTimeout(force);
      releaseMjml();
    },
  };
}

function listen(app: Hono, port: number, hostname: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`PORT=${port}: the port is in use — stop the other process or choose another PORT`) : err);
    });
  });
}
