import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { SERVER_LIMITS, type ServerLimits } from '../../src/http/server-limits.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv } from '../helpers/run-cli.ts';
import { freePort } from '../helpers/free-port.ts';
import { killAllWorkerProcesses, startBriefingProcess } from '../helpers/worker-process.ts';

/** Shorter than SERVER_LIMITS so the test takes seconds; the same code applies both. */
const LIMITS: ServerLimits = { ...SERVER_LIMITS, headersTimeoutMs: 1000, requestTimeoutMs: 2000, checkIntervalMs: 100, maxConnections: 4 };

interface Client {
  readonly socket: Socket;
  /** Everything the server sent, once it has hung up (ended its side of the connection). */
  readonly closed: Promise<string>;
}

function open(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (d: string) => (received += d));
    const closed = new Promise<string>((done) => {
      socket.once('end', () => done(received));
      socket.once('close', () => done(received));
    });
    socket.once('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` a byte at a time every `everyMs` until it is written or the server hangs up; `stop` says whether it all went. */
function trickle(client: Client, text: string, everyMs: number): { stop(): boolean } {
  let i = 0;
  const timer = setInterval(() => {
    // The server has hung up once it ended its side.
    if (client.socket.destroyed || client.socket.readableEnded || i >= text.length) return clearInterval(timer);
    client.socket.write(text[i++]!);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return i >= text.length;
    },
  };
}

describe('slow and greedy HTTP clients', () => {
  let stack: TestStack;
  let server: RunningServer;

  beforeAll(async () => {
    stack = await createTestStack();
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1', LIMITS);
  });
  afterAll(async () => {
    await server.close();
    await stack.stop();
    await killAllWorkerProcesses();
  });

  it('drops a client that sends its headers a byte at a time (408), instead of waiting a minute', async () => {
    const client = await open(server.port);
    // 60 header bytes at 100 ms would take 6 s; the header time-out is 1 s.
    const slow = trickle(client, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(40)}\r\n\r\n`, 100);
    const answer = await client.closed;
    const sentItAll = slow.stop();
    client.socket.destroy();
    expect(sentItAll).toBe(false);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('drops a client that sends its body a byte at a time (408), instead of holding it five minutes', async () => {
    const client = await open(server.port);
    const body = 'List-Unsubscribe=One-Click';
    client.socket.write(
      `POST /unsubscribe/k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    // 26 bytes at 150 ms is about 4 s; the whole request must be in within 2 s.
    const slow = trickle(client, body, 150);
    const answer = await client.closed;
    const sentItAll = slow.stop();
    client.socket.destroy();
    expect(sentItAll).toBe(false);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses connections beyond its cap at once, and serves again when they are gone', async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => open(server.port)));
    const extra = await open(server.port);
    expect(await extra.closed).toBe('');
    expect(held.every((c) => !c.socket.destroyed)).toBe(true);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    // The server counts a connection gone once it sees the close: retry until it has.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) status = await fetch(`http://127.0.0.1:${server.port}/healthz`).then((r) => r.status, () => 0);
    expect(status).toBe(200);
  });

  it('answers 431 to headers larger than 8 KiB, in `briefing serve` as started from the command line', async () => {
    const port = await freePort();
    await startBriefingProcess(['serve'], { ...cliEnv(stack.config), PORT: String(port) }, { ready: (l) => l.msg === 'http listening' });
    const big = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'X-Big': 'a'.repeat(9 * 1024) } });
    expect(big.status).toBe(431);
    const small = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'X-Small': 'a'.repeat(4 * 1024) } });
    expect(small.status).toBe(200);
  });
});
