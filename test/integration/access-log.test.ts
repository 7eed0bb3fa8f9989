import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { cliEnv } from '../helpers/run-cli.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { startBriefingProcess, type LogLine, type WorkerProcess } from '../helpers/worker-process.ts';

const requestLines = (proc: WorkerProcess) => proc.logs.filter((l) => l.msg === 'http request');

describe('the access log of `briefing serve`', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack();
    await stack.importRoster([{ id: 'u-log', email: 'grace.hopper@example.com', name: 'Grace Hopper' }]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const serve = async (logLevel: string) => {
    const port = await freePort();
    const proc = await startBriefingProcess(['serve'], { ...cliEnv(stack.config), PORT: String(port), LOG_LEVEL: logLevel }, {
      ready: (l) => l.msg === 'http listening',
    });
    return { proc, base: `http://127.0.0.1:${port}` };
  };

  it('at LOG_LEVEL=debug shows each request: method, route pattern, status and ms, never the path with its token', async () => {
    const { proc, base } = await serve('debug');
    try {
      const token = stack.services.tokens.sign('u-log');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/unsubscribe/${token}?utm=x`)).status).toBe(200);
      const oneClick = await fetch(`${base}/unsubscribe/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
      expect((await fetch(`${base}/unsubscribe/not-a-token`)).status).toBe(400);
      expect((await fetch(`${base}/no/such/page`)).status).toBe(404);

      await proc.waitForLog(() => requestLines(proc).length === 5);
      const seen = requestLines(proc).map(({ method, route, status }: LogLine) => ({ method, route, status }));
      expect(seen).toEqual([
        { method: 'GET', route: '/healthz', status: 200 },
        { method: 'GET', route: '/unsubscribe/:token', status: 200 },
        { method: 'POST', route: '/unsubscribe/:token', status: 200 },
        { method: 'GET', route: '/unsubscribe/:token', status: 400 },
        { method: 'GET', route: null, status: 404 },
      ]);
      for (const line of requestLines(proc)) expect(line.ms).toEqual(expect.any(Number));
      const everything = JSON.stringify(proc.logs) + proc.stderr();
      for (const secret of [token, 'not-a-token', 'utm', '/no/such/page', 'grace.hopper@example.com']) expect(everything).not.toContain(secret);
    } finally {
      proc.kill('SIGTERM');
      await proc.exited;
      await stack.services.optouts.optIn('u-log', 'admin');
    }
  });

  it('at the default level logs no request', async () => {
    const { proc, base } = await serve('info');
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      proc.kill('SIGTERM');
      await proc.exited;
      expect(proc.logs.map((l) => l.msg)).toContain('stopped');
      expect(requestLines(proc)).toEqual([]);
    } finally {
      proc.kill('SIGTERM');
      await proc.exited;
    }
  });
});
