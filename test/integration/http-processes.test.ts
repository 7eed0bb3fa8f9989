import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { freePort } from '../helpers/free-port.ts';
import { alive } from '../helpers/process-alive.ts';
import { killAllWorkerProcesses, startBriefingProcess, type LogLine, type WorkerProcess } from '../helpers/worker-process.ts';

const ONE_CLICK = 'List-Unsubscribe=One-Click';
const listening = (l: LogLine) => l.msg === 'http processes listening';

describe('briefing serve with HTTP_PROCESSES=2', () => {
  let stack: TestStack;
  let serve: WorkerProcess | undefined;
  let url: string;

  const start = async (opts: { ownProcessGroup?: boolean } = {}) => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    serve = await startBriefingProcess(['serve'], { ...cliEnv(stack.config), PORT: String(port), HTTP_PROCESSES: '2' }, { ready: listening, readyTimeoutMs: 60_000, ...opts });
    return serve;
  };
  const oneClick = (id: string) =>
    fetch(`${url}/unsubscribe/${stack.services.tokens.sign(id)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: ONE_CLICK,
    });

  beforeEach(async () => {
    stack = await createTestStack();
    await stack.importRoster([
      { id: 'u-1', email: 'ada@example.com', locale: 'en' },
      { id: 'u-2', email: 'jan@example.nl', locale: 'nl' },
    ]);
  });

  afterEach(async () => {
    await killAllWorkerProcesses();
    await stack.stop();
  });

  it('answers on one port from two processes and stops them all on SIGTERM', async () => {
    const proc = await start();
    const children = proc.logs.find(listening)!.children as number[];
    expect(children).toHaveLength(2);
    // Each copy's own line may reach the shared stdout after the supervisor's.
    for (const pid of children) await proc.waitForLog((l) => l.msg === 'http listening' && l.pid === pid);

    // Concurrent requests open several connections, which the first process hands out in
    // turn: every one is answered and recorded, and both processes did some of the work.
    const ids = Array.from({ length: 24 }, (_, i) => `u-${(i % 2) + 1}-${i}`);
    const answers = await Promise.all(ids.map(oneClick));
    expect(answers.map((r) => r.status)).toEqual(Array(ids.length).fill(200));
    for (const id of ids) expect(await stack.services.optouts.get(id), id).toMatchObject({ source: 'one-click' });
    const recorded = () => proc.logs.filter((l) => l.msg === 'opt-out recorded');
    await proc.waitForLog(() => recorded().length === ids.length);
    expect(new Set(recorded().map((l) => l.pid))).toEqual(new Set(children));

    proc.kill('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(children.filter(alive)).toEqual([]);
  }, 90_000);

  it('stops cleanly on Ctrl-C, which reaches every process of the group', async () => {
    const proc = await start({ ownProcessGroup: true });
    const children = proc.logs.find(listening)!.children as number[];
    expect((await oneClick('u-1')).status).toBe(200);
    proc.killGroup('SIGINT');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(children.filter(alive)).toEqual([]);
  }, 90_000);

  it('replaces a process that dies, and keeps answering', async () => {
    const proc = await start();
    const [victim] = proc.logs.find(listening)!.children as number[];
    process.kill(victim!, 'SIGKILL');
    await proc.waitForLog((l) => l.msg === 'http process exited: starting another' && l.child === victim);
    const replacement = await proc.waitForLog((l) => l.msg === 'http listening' && l.pid !== victim && !(proc.logs.find(listening)!.children as number[]).includes(l.pid as number));
    expect(alive(replacement.pid as number)).toBe(true);
    expect((await oneClick('u-1')).status).toBe(200);
    proc.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
  }, 90_000);

  it('exits with an error, leaving no process behind, when the processes cannot start', async () => {
    const closedRedis = `redis://127.0.0.1:${await freePort()}`;
    const env = { ...cliEnv(stack.config), PORT: String(await freePort()), HTTP_PROCESSES: '2', REDIS_URL: closedRedis, REDIS_STARTUP_TIMEOUT: '1s' };
    const result = await runCli(['serve'], env, { timeoutMs: 60_000 });
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`REDIS_URL=${closedRedis}: connection refused`);
    expect(result.stderr).toMatch(/an HTTP process exited \(code 1\) before it was listening/);
    const children = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine)
      .filter((l) => l.msg === 'http process exited before it was listening')
      .map((l) => l.child as number);
    expect(children.length).toBeGreaterThan(0);
    expect(children.filter(alive)).toEqual([]);
  }, 90_000);
});
