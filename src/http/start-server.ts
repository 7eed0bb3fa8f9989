import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Server } from 'node:http';
import { capConnections, SERVER_LIMITS, serverOptions, type ServerLimits } from './server-limits.ts';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens with SERVER_LIMITS (slow clients, connections, header size) unless a test gives shorter `limits`. */
export function startServer(app: Hono, port: number, hostname?: string, limits: ServerLimits = SERVER_LIMITS): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port, hostname, serverOptions: serverOptions(limits) }, (info) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Keep-alive connections (load balancers, wrk) would hold close() open forever:
              // drop the idle ones now and any still busy after 5 s.
              const http = server as Server;
              http.closeIdleConnections?.();
              setTimeout(() => http.closeAllConnections?.(), 5000).unref();
            }),
        });
      });
      capConnections(server as Server, limits);
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(err.code === 'EADDRINUSE' ? new Error(`PORT=${port}: the port is in use — stop the other process or choose another PORT`) : err);
      });
    } catch (err) {
      reject(err);
    }
  });
}
