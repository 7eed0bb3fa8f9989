import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../src/paths.ts';
import { startPreviewServer, type PreviewServer } from '../../src/preview/start-preview-server.ts';
import { testConfig } from './test-config.ts';
import type { OrgStateReader } from '../../src/preview/org-state.ts';

/**
 * A preview server on a private copy of templates/ (other tests read the real folder at
 * the same time, so tests edit only their copy) with its own outbox.
 */
export interface TestPreview {
  readonly server: PreviewServer;
  readonly dir: string;
  readonly templatesDir: string;
  readonly outboxDir: string;
  /** Rewrites a file of the copied templates (relative path), returning the old text. */
  edit(file: string, change: (text: string) => string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestPreview(env: Record<string, string> = {}, opts: { org?: OrgStateReader } = {}): Promise<TestPreview> {
  const dir = await mkdtemp(join(tmpdir(), 'briefing-preview-'));
  const templatesDir = join(dir, 'templates');
  const outboxDir = join(dir, 'outbox');
  await cp(TEMPLATES_DIR, templatesDir, { recursive: true });
  await mkdir(outboxDir);
  const config = testConfig({ OUTBOX_DIR: outboxDir, PUBLIC_URL: 'https://briefing.example.test', ...env });
  const server = await startPreviewServer({ config, templatesDir, port: 0, debounceMs: 50, org: opts.org });
  return {
    server,
    dir,
    templatesDir,
    outboxDir,
    async edit(file, change) {
      const path = join(templatesDir, file);
      const before = await readFile(path, 'utf8');
      await writeFile(path, change(before));
      return before;
    },
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Retries `check` until it stops throwing: for things that happen after a file watcher fires. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A GET with the path sent exactly as given: fetch() would resolve `../` before sending. */
export function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
