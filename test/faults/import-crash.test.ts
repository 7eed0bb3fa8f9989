import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { waitUntil } from '../helpers/wait.ts';
import { shardOf } from '../../src/store/shards.ts';

const BIN = fileURLToPath(new URL('../../bin/briefing.js', import.meta.url));
const N = 40_000;
const ZONES = ['Europe/Amsterdam', 'Asia/Kolkata', 'America/New_York'];
const row = (i: number) => `p-${i},person.${i}@example.com,Person ${i},${ZONES[i % 3]},${i % 2 ? '07:30' : '08:00'}\n`;

describe('a roster import killed half-way', () => {
  let stack: TestStack;
  let file: string;

  beforeAll(async () => {
    stack = await createTestStack();
    file = join(stack.dir, 'big.csv');
    const out = createWriteStream(file);
    out.write('id,email,name,timeZone,sendAt\n');
    for (let i = 0; i < N; i += 1) if (!out.write(row(i))) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('leaves nothing that running it again does not finish', async () => {
    // A real CLI process, SIGKILLed once it has written part of the file.
    const child = spawn(process.execPath, [BIN, 'recipients', 'import', file], { env: { PATH: process.env.PATH ?? '', ...cliEnv(stack.config) }, stdio: 'ignore' });
    const exited = once(child, 'exit');
    const written = await waitUntil('the import to have written part of the file', async () => {
      const n = await stack.services.roster.count();
      return n > 0 ? n : undefined;
    }, 90_000);
    child.kill('SIGKILL');
    await exited;
    const atKill = await stack.services.roster.count();
    expect(written).toBeGreaterThan(0);
    expect(atKill, 'killed before it finished').toBeLessThan(N);

    const again = await runCli(['recipients', 'import', file], cliEnv(stack.config), { timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`imported ${N} recipients`);
    expect(again.stdout).toContain(`${N - atKill} new, ${atKill} updated`);

    // Everyone is there once, with what the file says, in their send group, findable by address.
    expect(await stack.services.roster.count()).toBe(N);
    // Each person's place for outcomes (shard and sequence number) is theirs alone.
    const places = new Set<string>();
    let seen = 0;
    for await (const batch of stack.services.roster.batches(2000)) {
      for (const r of batch) {
        const i = Number(r.id.slice(2));
        expect(`${r.id},${r.email},${r.name},${r.timeZone},${r.sendAt}\n`).toBe(row(i));
        places.add(`${shardOf(r.id)}.${r.seq}`);
        seen += 1;
      }
      const found = await Promise.all(batch.map((r) => stack.services.roster.idByEmail(r.email)));
      expect(batch.filter((r, j) => found[j] !== r.id).map((r) => r.id), 'not found by their address').toEqual([]);
    }
    expect(seen).toBe(N);
    expect(places.size).toBe(N);
    let inGroups = 0;
    for (const group of await stack.services.roster.groups()) {
      inGroups += (await stack.services.roster.groupSizes(group)).reduce((a, b) => a + b, 0);
    }
    expect(inGroups).toBe(N);
  }, 240_000);
});
