import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { freePort } from '../helpers/free-port.ts';
import { killAllWorkerProcesses, startBriefingProcess } from '../helpers/worker-process.ts';

// Attack 1 of issue 14: the compose file's default key (public, in this repository) was
// accepted with NODE_ENV=production, and so was the development key: anyone could sign a
// token for `u-1001` and opt that person out.
describe('production start-up', () => {
  let stack: TestStack;
  let env: Record<string, string>;
  beforeAll(async () => {
    stack = await createTestStack();
    env = { ...cliEnv(stack.config), NODE_ENV: 'production', PUBLIC_URL: 'https://briefing.example.test', MAIL_FROM: 'Briefing <briefing@example.test>' };
  });
  afterAll(async () => {
    await killAllWorkerProcesses();
    await stack.stop();
  });

  it('`briefing keys generate` prints a fresh kid:secret, without configuration or Redis', async () => {
    const [a, b] = await Promise.all([runCli(['keys', 'generate'], {}), runCli(['keys', 'generate', '--kid', 'k2'], {})]);
    expect(a).toMatchObject({ code: 0, stdout: expect.stringMatching(/^k\d{8}-[0-9a-f]{4}:[A-Za-z0-9_-]{64}\n$/) });
    expect(b.stdout).toMatch(/^k2:[A-Za-z0-9_-]{64}\n$/);
    expect(a.stdout.split(':')[1]).not.toBe(b.stdout.split(':')[1]);
  });

  it.each([
    ['the old compose default', 'k1:compose-only-secret-change-me-0123456789abcdef', /key "k1" is public/],
    ['the development key', 'dev:briefing-development-key-do-not-use-in-production', /key "dev" is public/],
    ['a weak secret', `k1:${'a'.repeat(64)}`, /bits of entropy by our estimate, and production needs 256/],
  ])('refuses to serve with %s, and says how to fix it', async (_name, keys, problem) => {
    const result = await runCli(['serve'], { ...env, UNSUBSCRIBE_KEYS: keys, PORT: String(await freePort()) }, { timeoutMs: 15_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(problem);
    expect(result.stderr).toContain('briefing keys generate');
  });

  it('names every unsafe setting at once: no key, an http PUBLIC_URL, a MAIL_FROM on localhost', async () => {
    const result = await runCli(['start'], { ...cliEnv(stack.config), NODE_ENV: 'production', UNSUBSCRIBE_KEYS: '', PUBLIC_URL: 'http://briefing.example.test', MAIL_FROM: '' }, { timeoutMs: 15_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^briefing: 3 problems in the environment:\n {2}UNSUBSCRIBE_KEYS is required.*\n {2}PUBLIC_URL="http:\/\/briefing\.example\.test": must be an https:\/\/ URL.*\n {2}MAIL_FROM=.*must not be on localhost/);
  });

  it('serves with a generated key, an https PUBLIC_URL and a real MAIL_FROM', async () => {
    const key = (await runCli(['keys', 'generate'], {})).stdout.trim();
    const port = await freePort();
    await startBriefingProcess(['serve'], { ...env, UNSUBSCRIBE_KEYS: key, PORT: String(port) }, { ready: (l) => l.msg === 'http listening' });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
