import { parse } from 'csv-parse/sync';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { allOptOuts } from '../helpers/outcomes.ts';
import { shardOf } from '../../src/store/shards.ts';

const ONE_CLICK = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' };

async function exported(stack: TestStack): Promise<{ at: string; id: string; action: string; source: string }[]> {
  const result = await runCli(['optouts', 'export'], cliEnv(stack.config));
  expect(result.code, result.stderr).toBe(0);
  return parse(result.stdout, { columns: true }) as { at: string; id: string; action: string; source: string }[];
}

describe('the opt-out audit stream under a toggling loop', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('lets one forwarded link add only a few entries an hour, however often it is toggled, and stays truthful', async () => {
    stack = await createTestStack();
    await stack.importRoster([{ id: 'u-1001', email: 'ada@example.com' }]);
    const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
    const token = stack.services.tokens.sign('u-1001');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      expect((await app.request(`/unsubscribe/${token}`, ONE_CLICK)).status).toBe(200);
      const undo = await app.request(`/resubscribe/${token}`, { method: 'POST' });
      statuses.push(undo.status);
      if (undo.status === 429) {
        expect(undo.headers.get('retry-after')).toBe('3600');
        expect(await undo.text()).toMatch(/at most 3 times an hour. You are still unsubscribed/);
      }
    }
    // Three undos an hour; after that the person stays unsubscribed (the opt-out is never refused).
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(new Set(statuses.slice(3))).toEqual(new Set([429]));
    expect(await stack.services.optouts.get('u-1001')).toMatchObject({ source: 'one-click' });

    const audit = await exported(stack);
    // Every entry is a change that happened, alternating, and the last is the state now.
    expect(audit.map((e) => e.action)).toEqual(['opt-out', 'opt-in', 'opt-out', 'opt-in', 'opt-out', 'opt-in', 'opt-out']);
    expect(audit.every((e) => e.id === 'u-1001')).toBe(true);
  });

  it('keeps about OPTOUT_AUDIT_MAX_ENTRIES entries (each shard its share), dropping the oldest', async () => {
    // 1,280 in all is 10 per shard: fifteen people of one shard leave that shard's last ten.
    stack = await createTestStack({ OPTOUT_AUDIT_MAX_ENTRIES: '1280' });
    const ids: string[] = [];
    for (let i = 0; ids.length < 15; i++) if (shardOf(`u-${i}`) === 0) ids.push(`u-${i}`);
    await stack.importRoster(ids.map((id) => ({ id, email: `${id}@example.com` })));
    const app = createApp({ services: stack.services, logger: pino({ level: 'silent' }) });
    for (const id of ids) expect((await app.request(`/unsubscribe/${stack.services.tokens.sign(id)}`, ONE_CLICK)).status).toBe(200);
    const audit = await exported(stack);
    expect(audit.map((e) => e.id)).toEqual(ids.slice(5));
    // The opt-outs themselves are all kept: only the history is capped.
    expect((await allOptOuts(stack.services.optouts)).map((o) => o.id).sort()).toEqual([...ids].sort());
  });
});
