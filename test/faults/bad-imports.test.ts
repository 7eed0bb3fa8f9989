import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { cliEnv, runCli } from '../helpers/run-cli.ts';
import { mastersOf } from '../helpers/redis-cleanup.ts';

describe('roster imports of broken, odd and huge files', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await createTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Every key under this test's prefix with its content; a refused import must change none. */
  const snapshot = async () => {
    const { redis } = stack;
    const keys: string[] = [];
    for (const node of mastersOf(redis)) {
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', `${stack.config.prefix}:*`, 'COUNT', 1000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
    }
    // The test's own BullMQ queues write their meta keys lazily; an import never touches them.
    const own = keys.filter((k) => !/^[^:]+:\{(send\.\d+|schedule|fanout)\}:/.test(k));
    const dump = await Promise.all(own.sort().map(async (k) => [k, (await redis.dumpBuffer(k))?.toString('base64')]));
    return Object.fromEntries(dump);
  };
  const importFile = async (name: string, content: string) => {
    const file = await stack.write(name, content);
    const before = await snapshot();
    return { ...(await runCli(['recipients', 'import', file], cliEnv(stack.config))), before };
  };
  const expectRefused = async (result: { code: number; stdout: string; stderr: string; before: object }, lines: RegExp[]) => {
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/nothing imported/);
    for (const line of lines) expect(result.stderr).toMatch(line);
    expect(await snapshot()).toEqual(result.before);
  };

  it('refuses broken JSON with the line of the fault', async () => {
    const json = '[\n  { "id": "u-1", "email": "ada@example.com" },\n  { "id": "u-2" "email": "jan@example.nl" }\n]\n';
    await expectRefused(await importFile('broken.json', json), [/line 3: invalid JSON/]);
  });

  it('counts lines inside quoted CSV fields, so the reported line is the one in the file', async () => {
    const csv = [
      'id,email,name',
      'u-1,ada@example.com,"Lovelace, Ada ""the first"""',
      'u-2,jan@example.nl,"Jan',
      'de Vries, on two lines"',
      'u-3,not-an-email,Bob',
      '',
    ].join('\n');
    const result = await importFile('quoted.csv', csv);
    await expectRefused(result, [/line 5: email:/]);
    expect(result.stderr).not.toMatch(/line [234]:/);
  });

  it('reads quotes and commas inside quoted CSV fields exactly', async () => {
    const csv = 'id,email,name\nu-1,ada@example.com,"Lovelace, Ada ""the first"""\n';
    const result = await importFile('fine.csv', csv);
    expect(result.code, result.stderr).toBe(0);
    expect((await stack.services.roster.get('u-1'))?.name).toBe('Lovelace, Ada "the first"');
    await stack.services.roster.remove(['u-1']);
  });

  it('refuses unknown columns, duplicate ids, invalid time zones and emails, each with its line and field', async () => {
    const csv = [
      'id,email,timeZone,nmae',
      'u-1,ada@example.com,Europe/Amsterdam,',
      'u-2,jan@example,Mars/Olympus,',
      'u-1,ada2@example.com,UTC,',
      'u-5,eve@example.com,UTC,Eve',
      '',
    ].join('\n');
    await expectRefused(await importFile('many.csv', csv), [
      /line 1: unknown column "nmae" \(did you mean "name"\?\)/,
      /line 3: email:/,
      /line 3: timeZone:/,
      /line 4: id: "u-1" is already used on line 2/,
    ]);
    const json = JSON.stringify([{ id: 'u-1', email: 'a@example.com' }, { id: 'u-2', email: 'b@example.com', colour: 'red' }, { id: 'u-1', email: 'c@example.com' }], null, 2);
    await expectRefused(await importFile('many.json', json), [/line 6: unknown field "colour"/, /line 11: id: "u-1" is already used on line 2/]);
  });

  it('reports a bad workHours with its line and field together with every other problem, and writes nothing', async () => {
    const csv = [
      'id,email,timezone,workHours',
      'u-1,ada@example.com,Europe/Amsterdam,9:00-17:00',
      'u-2,jan@example,Europe/Amsterdam,09:00-17:00',
      'u-3,eve@example.com,UTC,08:00-08:00',
      '',
    ].join('\n');
    const result = await importFile('work-hours.csv', csv);
    await expectRefused(result, [
      /work-hours\.csv: 4 problems, nothing imported$/m,
      /^line 1: unknown column "timezone" \(did you mean "timeZone"\?\)$/m,
      /^line 2: workHours\.start: expected a 24-hour time as HH:MM, e\.g\. 07:30$/m,
      /^line 3: email: not a valid email address$/m,
      /^line 4: workHours: start must be before end$/m,
    ]);
    expect(result.stderr).not.toMatch(/is not a time as HH:MM/);
  });

  it('reports the faults of a 50 MB file by line, in bounded time, and writes none of it', async () => {
    const file = join(stack.dir, 'huge.csv');
    const out = createWriteStream(file);
    out.write('id,email,name,timeZone\n');
    let line = 1;
    const bad = new Map<number, string>();
    for (let bytes = 0; bytes < 50 * 1024 * 1024; ) {
      line += 1;
      let row = `u-${line},person-${line}@example.com,Person number ${line} of a very large organisation,Europe/Amsterdam\n`;
      if (line === 123_457) row = `u-${line},not-an-email,Broken,Europe/Amsterdam\n`;
      if (line === 400_001) row = `u-2,dup@example.com,Duplicate,Europe/Amsterdam\n`;
      if (line === 123_457 || line === 400_001) bad.set(line, row);
      bytes += row.length;
      if (!out.write(row)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    expect((await stat(file)).size).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(bad.size).toBe(2);

    const before = await snapshot();
    const started = Date.now();
    const result = { ...(await runCli(['recipients', 'import', file], cliEnv(stack.config), { timeoutMs: 120_000 })), before };
    const seconds = (Date.now() - started) / 1000;
    // Bounded: it finished at all (the child is killed at 120 s). Not a speed test: ~20 s here.
    expect(seconds).toBeLessThan(120);
    await expectRefused(result, [/line 123457: email:/, /line 400001: id: "u-2" is already used on line 2/]);
    expect(result.stderr.split('\n').filter((l) => /line \d+:/.test(l))).toHaveLength(2);
  }, 180_000);
});
