import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export function startServer(app: Hono, port: number, hostname?: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port, hostname }, (info) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Keep-alive connections (load balancers, wrk) would hold close() open forever:
              // drop the idle ones now and any still busy after 5 s.
              const http = server as import('node:http').Server;
              http.closeIdleConnections?.();
              setTimeout(() => http.closeAllConnections?.(), 5000).unref();
            }),
        });
      });
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(err.code === 'EADDRINUSE' ? new Error(`PORT=${port}: the port is in use — stop the other process or choose another PORT`) : err);
      });
    } catch (err) {
      reject(err);
    }
  });
}
