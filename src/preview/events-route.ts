import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ReloadEvent } from './reload-hub.ts';
import type { PreviewDeps } from './preview-deps.ts';

const KEEP_ALIVE_MS = 15_000;

/**
 * Server-sent events: the current template version on connect, then one event per change.
 * The page reloads itself when the version differs from the one it was built from.
 */
export function eventsRoute(deps: PreviewDeps): Hono {
  return new Hono().get('/', (c) =>
    streamSSE(c, async (stream) => {
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const send = (event: ReloadEvent) => {
        stream.writeSSE({ event: 'templates', data: JSON.stringify(event) }).catch(finish);
      };
      const unsubscribe = deps.hub.subscribe(send, finish);
      stream.onAbort(finish);
      const current = await deps.snapshots.current().catch(() => null);
      send({ version: current?.version ?? -1 });
      // Proxies and browsers drop a silent stream after a while.
      const keepAlive = setInterval(() => stream.write(': keep-alive\n\n').catch(finish), KEEP_ALIVE_MS);
      await finished;
      clearInterval(keepAlive);
      unsubscribe();
    }),
  );
}
