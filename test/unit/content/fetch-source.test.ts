import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError } from '../../../src/content/content-error.ts';
import { fetchSource } from '../../../src/content/fetch-source.ts';
import { startServer } from './http-fixture.ts';

let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;
let bytesSentOfHuge = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'briefing-fetch-'));
  server = await startServer((req, res) => {
    if (req.url === '/cal.ics') {
      res.writeHead(200, { 'content-type': 'text/calendar' }).end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    } else if (req.url === '/slow.ics') {
      setTimeout(() => res.writeHead(200).end('late'), 2_000).unref();
    } else if (req.url === '/huge-declared') {
      res.writeHead(200, { 'content-length': String(50_000) }).end('x'.repeat(50_000));
    } else if (req.url === '/huge-streamed') {
      // No Content-Length: the reader has to count and stop by itself.
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const chunk = 'x'.repeat(1024);
      const timer = setInterval(() => {
        if (bytesSentOfHuge >= 5_000_000) return void (clearInterval(timer), res.end());
        bytesSentOfHuge += chunk.length;
        res.write(chunk);
      }, 1);
      res.on('close', () => clearInterval(timer));
    } else {
      res.writeHead(404).end('not here');
    }
  });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>): Promise<ContentError> =>
  promise.then(
    () => { throw new Error('expected a ContentError'); },
    (error: unknown) => {
      if (error instanceof ContentError) return error;
      throw error;
    },
  );

describe('fetchSource from a file', () => {
  it('reads an absolute path', async () => {
    const path = join(dir, 'ok.ics');
    await writeFile(path, 'BEGIN:VCALENDAR');
    await expect(fetchSource(path)).resolves.toBe('BEGIN:VCALENDAR');
  });

  it('says ENOENT for a missing file and names it', async () => {
    const error = await failure(fetchSource(join(dir, 'missing.ics'), { label: 'calendar' }));
    expect(error.code).toBe('ENOENT');
    expect(error.message).toContain('missing.ics');
    expect(error.message).toContain('calendar');
  });

  it('says EISDIR for a folder', async () => {
    await mkdir(join(dir, 'folder'));
    expect((await failure(fetchSource(join(dir, 'folder')))).code).toBe('EISDIR');
  });

  it('refuses a file over the size limit without quoting it', async () => {
    const path = join(dir, 'big.json');
    await writeFile(path, 'confidential '.repeat(100));
    const error = await failure(fetchSource(path, { maxBytes: 100 }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).not.toContain('confidential');
  });

  it('refuses a relative path', async () => {
    expect((await failure(fetchSource('calendars/ada.ics'))).code).toBe('INVALID');
  });
});

describe('fetchSource from a URL', () => {
  it('reads a 200 body', async () => {
    await expect(fetchSource(`${server.url}/cal.ics`)).resolves.toContain('BEGIN:VCALENDAR');
  });

  it('says HTTP_404 and does not quote the body', async () => {
    const error = await failure(fetchSource(`${server.url}/gone.ics?token=s3cret`, { label: 'calendar' }));
    expect(error.code).toBe('HTTP_404');
    expect(error.message).toContain('127.0.0.1');
    expect(error.message).not.toContain('not here');
    expect(error.message).not.toContain('s3cret');
  });

  it('gives up on a slow server after the timeout', async () => {
    const started = Date.now();
    const error = await failure(fetchSource(`${server.url}/slow.ics`, { timeoutMs: 150 }));
    expect(error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('refuses a body whose Content-Length is over the limit', async () => {
    expect((await failure(fetchSource(`${server.url}/huge-declared`, { maxBytes: 10_000 }))).code).toBe('TOO_LARGE');
  });

  it('stops reading a streamed body once it passes the limit', async () => {
    const error = await failure(fetchSource(`${server.url}/huge-streamed`, { maxBytes: 20_000 }));
    expect(error.code).toBe('TOO_LARGE');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bytesSentOfHuge).toBeLessThan(1_000_000);
  });

  it('says NETWORK when nothing listens', async () => {
    const gone = await startServer((_req, res) => res.end());
    await gone.close();
    expect((await failure(fetchSource(`${gone.url}/cal.ics`, { timeoutMs: 2_000 }))).code).toBe('NETWORK');
  });
});
