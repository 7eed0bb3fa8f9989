import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { cliEnv, type CliResult } from '../helpers/run-cli.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROSTER = join(ROOT, 'examples/roster.json');

/** `node DIR/bin/briefing.js …`: the bin of a laid-out package, not of this checkout. */
function briefing(dir: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(dir, 'bin/briefing.js'), ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, timedOut: !!(err as { killed?: boolean } | null)?.killed });
    });
  });
}

/**
 * A package as the Dockerfile lays it out: package.json, bin/, templates/, the build in
 * dist/ and node_modules; no src/, no workers/. (node_modules is this checkout's, linked.)
 */
async function layOut(dir: string, opts: { dist?: string; sources?: boolean; nodeModules?: 'all' | 'without-tsx' } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await cp(join(ROOT, 'package.json'), join(dir, 'package.json'));
  await cp(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  await cp(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
  // The copies keep their times: older than the build, as in a checkout after `npm ci`.
  if (opts.dist) await cp(opts.dist, join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  if (opts.sources) {
    for (const folder of ['src', 'workers']) await cp(join(ROOT, folder), join(dir, folder), { recursive: true, preserveTimestamps: true });
  }
  if ((opts.nodeModules ?? 'all') === 'all') {
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  } else {
    // Every package but tsx: an install without the dev dependencies, as far as the bin can tell.
    await mkdir(join(dir, 'node_modules'));
    for (const name of await readdir(join(ROOT, 'node_modules'))) {
      if (name !== 'tsx' && name !== '.bin') await symlink(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
    }
  }
}

describe('the compiled build (npm run build, which npm ci runs)', () => {
  let work: string;
  let dist: string;
  let stack: TestStack;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'briefing-build-'));
    dist = join(work, 'built');
    // Built from this checkout's sources into a folder of the test's own: dist/ is left alone.
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [join(ROOT, 'scripts/build.mjs'), `--out=${dist}`], { timeout: 120_000 }, (err, _out, stderr) =>
        err ? reject(new Error(`the build failed: ${stderr}`)) : resolve(),
      ),
    );
    stack = await createTestStack();
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('runs every command from dist/, without the TypeScript sources or tsx: help, the template check, import, render and the service', async () => {
    const app = join(work, 'production');
    await layOut(app, { dist });
    const env = cliEnv(stack.config);

    const help = await briefing(app, ['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/recipients\s/);
    // The MJML thread's .mjs beside the compiled code, the templates at the package's root.
    const check = await briefing(app, ['check-templates']);
    expect(check, check.stderr).toMatchObject({ code: 0, stdout: expect.stringMatching(/^templates OK/) });

    const imported = await briefing(app, ['recipients', 'import', ROSTER], env);
    expect(imported.code, imported.stderr).toBe(0);
    const rendered = await briefing(app, ['render', '--recipient', 'u-1001', '--date', '2026-11-24'], env);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout).toMatch(/^<!doctype html>/i);
    expect(rendered.stdout).toContain('/unsubscribe/');

    const port = await freePort();
    const service = spawn(process.execPath, [join(app, 'bin/briefing.js'), 'start'], {
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), LOG_LEVEL: 'info', OUTBOX_DIR: join(work, 'outbox') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => service.once('exit', resolve));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      service.stdout.on('data', (c: Buffer) => {
        output += c.toString();
        if (output.includes('"msg":"http listening"')) resolve();
      });
      service.stderr.on('data', (c: Buffer) => (output += c.toString()));
      void exited.then((code) => reject(new Error(`start exited (${code}): ${output}`)));
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    service.kill('SIGTERM');
    expect(await exited, output).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  }, 90_000);

  it('is what bin/briefing.js runs while it is up to date; a source edited since, or BRIEFING_FROM_SOURCE=1, runs the sources', async () => {
    const checkout = join(work, 'checkout');
    await layOut(checkout, { dist, sources: true });
    // Tell the two apart by the program's description in each.
    const mark = async (file: string, text: string) => {
      const path = join(checkout, file);
      await writeFile(path, (await readFile(path, 'utf8')).replace('Daily Briefing emails:', text));
    };
    await mark('dist/src/cli/main.js', 'FROM THE BUILD:');
    expect((await briefing(checkout, ['--help'])).stdout).toContain('FROM THE BUILD:');
    expect((await briefing(checkout, ['--help'], { BRIEFING_FROM_SOURCE: '1' })).stdout).toContain('Daily Briefing emails:');

    await mark('src/cli/main.ts', 'FROM THE SOURCES:');
    const stale = await briefing(checkout, ['--help']);
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.stdout).toContain('FROM THE SOURCES:');
  }, 60_000);

  it('says what to do when there is no build and no tsx to run the sources', async () => {
    const bare = join(work, 'bare');
    await layOut(bare, { sources: true, nodeModules: 'without-tsx' });
    const result = await briefing(bare, ['--help']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe('briefing: no up-to-date build in dist/ and tsx is not installed to run the sources: run `npm run build` (or `npm ci`)\n');
  });
});
