import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** `c.env` under @hono/node-server: the Node request behind Hono's lightweight one. */
interface NodeEnv {
  readonly incoming?: IncomingMessage;
}

const incomingOf = (c: Context): IncomingMessage | undefined => (c.env as NodeEnv | undefined)?.incoming;

/**
 * A request header. Under @hono/node-server, read from Node's parsed headers: asking Hono
 * (`c.req.header`) builds a WHATWG Headers object per request, a visible cost on the
 * one-click path. In-process (`app.request`) it falls back to Hono.
 */
export function requestHeader(c: Context, name: 'content-type' | 'accept-language'): string | undefined {
  const incoming = incomingOf(c);
  return incoming ? incoming.headers[name] : c.req.header(name);
}

/**
 * The request body as text, or null when it is larger than `maxBytes` (then the caller
 * answers 413). Under @hono/node-server it reads the Node stream directly: touching
 * `c.req.raw.body` (as Hono's bodyLimit and `c.req.text()` do) converts the lightweight
 * request into a full WHATWG Request with a web stream, which cost about half the
 * throughput of a one-click POST here.
 */
export async function readBodyText(c: Context, maxBytes: number): Promise<string | null> {
  const incoming = incomingOf(c);
  const declared = Number((incoming ? incoming.headers['content-length'] : c.req.header('content-length')) ?? 0);
  if (declared > maxBytes) return null;
  if (!incoming) {
    const text = await c.req.text();
    return Buffer.byteLength(text) > maxBytes ? null : text;
  }
  if (incoming.readableEnded) return '';
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: string | null, err?: Error) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError);
      if (err) reject(err);
      else resolve(result);
    };
    // Past the limit (possible without a Content-Length): stop listening and answer; the
    // server drains or closes the rest after the response. Not a `for await` loop: leaving
    // it early would destroy the socket before the 413 is written.
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return done(null);
      chunks.push(chunk);
    };
    const onEnd = () => done(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    const onError = (err: Error) => done(null, err);
    incoming.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
