import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../src/paths.ts';
import { findTemplateProblems } from '../../src/preview/find-template-problems.ts';
import { createPreviewApp } from '../../src/preview/preview-app.ts';
import { createReloadHub } from '../../src/preview/reload-hub.ts';
import { createTemplateSnapshots } from '../../src/preview/template-snapshot.ts';
import { formatTemplateError } from '../../src/render/template-error.ts';
import { BIN, FROM_SOURCE, runCli } from '../helpers/run-cli.ts';
import { productionEnv, testConfig } from '../helpers/test-config.ts';

const KEYS = 'k1:test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

describe('the template check (npm run check:templates)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'briefing-check-'));
    await cp(TEMPLATES_DIR, join(dir, 'templates'), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // This is how CI runs the check: `npm test` fails when a shipped template does.
  it('passes on the shipped templates: MJML strict, Handlebars, every key in every locale, fixtures', async () => {
    expect((await findTemplateProblems(TEMPLATES_DIR)).map(formatTemplateError)).toEqual([]);
  });

  it('exits non-zero with file:line for every problem in a broken folder', async () => {
    const templates = join(dir, 'templates');
    const tasks = join(templates, 'partials/tasks.mjml');
    await writeFile(tasks, (await readFile(tasks, 'utf8')).replace('{{title}}', '{{title}'));
    const en = JSON.parse(await readFile(join(templates, 'locales/en.json'), 'utf8')) as Record<string, unknown>;
    en.onlyInEnglish = 'Only in English';
    await writeFile(join(templates, 'locales/en.json'), JSON.stringify(en, null, 2));

    const result = await runCli(['check-templates', '--templates', templates], {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/partials\/tasks\.mjml:8: Handlebars: Parse error/);
    // Once per locale that lacks it, at the line it belongs after, naming the file that has it.
    for (const locale of ['de', 'es', 'fr', 'nl']) {
      expect(result.stderr).toMatch(new RegExp(`locales/${locale}\\.json:\\d+: missing translation "onlyInEnglish" \\(locales/en\\.json:\\d+ has it; add it after "focus\\.inviteDescription"\\)`));
    }
    expect(result.stderr.match(/"onlyInEnglish"/g)).toHaveLength(4);
    expect(result.stderr).toMatch(/briefing: \d+ template problems in .*: fix them and run the check again\n$/);

    // What MJML itself lets through: "templates OK" and a broken email, before.
    await writeFile(tasks, (await readFile(join(TEMPLATES_DIR, 'partials/tasks.mjml'), 'utf8')).replace('</mj-text>', '</mj-txet>'));
    const txet = await runCli(['check-templates', '--templates', templates], {});
    expect(txet.code).toBe(1);
    expect(txet.stdout).toBe('');
    expect(txet.stderr).toMatch(/partials\/tasks\.mjml:24: <\/mj-txet> should be <\/mj-text>: it closes the <mj-text> opened on line 1\n/);
    expect(txet.stderr).not.toMatch(/MJML:/);

    const good = await runCli(['check-templates'], {});
    expect(good).toMatchObject({ code: 0, stdout: expect.stringMatching(/^templates OK/) });
  });
});

describe('the preview is off in production', () => {
  it('briefing preview refuses to start with NODE_ENV=production', async () => {
    const result = await runCli(['preview'], { NODE_ENV: 'production', UNSUBSCRIBE_KEYS: KEYS, PORT: '0' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/preview is a development tool and is off when NODE_ENV=production/);
  });

  it('the preview routes cannot be built with a production config', () => {
    const config = testConfig(productionEnv());
    expect(() =>
      createPreviewApp({ config, templatesDir: TEMPLATES_DIR, snapshots: createTemplateSnapshots(TEMPLATES_DIR), hub: createReloadHub(), port: () => 0 }),
    ).toThrow(/off when NODE_ENV=production/);
  });
});

describe('briefing preview (npm run dev)', () => {
  it('serves the index on PORT under /preview and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'preview'], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', UNSUBSCRIBE_KEYS: KEYS, LOG_LEVEL: 'warn', ...FROM_SOURCE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const match = /Template preview on (http:\/\/\S+\/preview)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`preview exited with ${code} before listening`)));
      });
      const index = await fetch(url);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('href="/preview/briefing/busy-day/nl"');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
