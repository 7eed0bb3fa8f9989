import type { Server, ServerOptions } from 'node:http';

/**
 * What one HTTP process gives a client before it is dropped. Node's defaults held a slow
 * body 300 s and slow headers 60 s (plus up to 30 s until the next check), with no cap on
 * connections: a few hundred slow clients could hold the unsubscribe pages. The README's
 * "HTTP server limits" lists these values.
 */
export interface ServerLimits {
  /** The whole request line and headers must arrive within this (408 after). */
  readonly headersTimeoutMs: number;
  /** The whole request, headers and body, must arrive within this (408 after). */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Request line and headers larger than this get 431. */
  readonly maxHeaderBytes: number;
  /** Open connections per process; more are closed at once, before a byte is read. */
  readonly maxConnections: number;
  /** How often the time-outs above are checked. */
  readonly checkIntervalMs: number;
}

export const SERVER_LIMITS: ServerLimits = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 8 * 1024,
  maxConnections: 1_000,
  checkIntervalMs: 1_000,
});

/** The options `http.createServer` takes for these limits. */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
}

/** The limit that is a property of the server rather than an option of createServer. */
export function capConnections(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
}
