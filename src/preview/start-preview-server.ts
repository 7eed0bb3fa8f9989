import { Hono } from 'hono';
import type { Logger } from '../logger.ts';
import { startServer } from '../http/start-server.ts';
import { BASE } from './pages/layout.ts';
import { createPreviewApp } from './preview-app.ts';
import type { PreviewConfig } from './preview-deps.ts';
import { createReloadHub } from './reload-hub.ts';
import { createTemplateSnapshots } from './template-snapshot.ts';
import { watchTemplates } from './watch-templates.ts';

export interface PreviewServerOptions {
  readonly config: PreviewConfig;
  readonly templatesDir: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Loopback by default: the preview shows fixture data and outbox mail to whoever reaches it. */
  readonly hostname?: string;
  readonly logger?: Logger;
  readonly debounceMs?: number;
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
  const snapshots = createTemplateSnapshots(templatesDir);
  const hub = createReloadHub();
  const preview = createPreviewApp({ config, templatesDir, snapshots, hub });

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
  app.get('/', (c) => c.redirect(BASE));
  app.route(BASE, preview);
  app.onError((err, c) => {
    logger?.error({ err: err.message, path: c.req.path }, 'preview error');
    return c.text(`The preview failed: ${err.message}`, 500);
  });
  let server;
  try {
    server = await startServer(app, options.port, hostname);
  } catch (err) {
    await watcher.close();
    throw err;
  }
  const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    port: server.port,
    url: `http://${shown}:${server.port}${BASE}`,
    async close() {
      await watcher.close();
      // Open event streams would keep the server from closing.
      hub.closeAll();
      await server.close();
    },
  };
}
