import fs from 'node:fs';
import { isAbsolute } from 'node:path';
import { ContentError, describeSource } from './content-error.ts';

export interface FetchSourceOptions {
  /** Whole request, headers and body, in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
  /** Largest body accepted, in bytes. Default 10 MB. */
  readonly maxBytes?: number;
  /** Used in messages: "calendar", "content file". */
  readonly label?: string;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Reads an absolute file path or an http(s) URL as UTF-8 text, bounded in time and size. */
export async function fetchSource(source: string, options: FetchSourceOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const label = options.label ?? 'source';
  if (!(timeoutMs > 0) || !(maxBytes > 0)) throw new TypeError('fetchSource: timeoutMs and maxBytes must be positive');
  const name = `${label} ${describeSource(source)}`;
  if (/^https?:\/\//i.test(source)) return fetchUrl(source, name, timeoutMs, maxBytes);
  if (!isAbsolute(source)) {
    throw new ContentError('INVALID', `${name}: not an absolute file path or http(s) URL — fix the recipient's record`);
  }
  return readFileBounded(source, name, maxBytes);
}

/** First read: most calendars and content files fit, so one read (and no fstat) suffices. */
const FIRST_READ_BYTES = 64 * 1024;

function readFileBounded(path: string, name: string, maxBytes: number): Promise<string> {
  // The callback API, and as few calls as can be: fs/promises builds a FileHandle per open,
  // and each call is a trip to libuv's thread pool; for a small calendar those trips cost
  // more than the read itself (bench:content's profile put them first).
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException | ContentError): void => {
      if (error instanceof ContentError) return reject(error);
      const code = error.code ?? 'EIO';
      const hint: Record<string, string> = {
        ENOENT: 'no such file — check the path in the recipient\'s record',
        EACCES: 'permission denied — let the Briefing process read it',
        EISDIR: 'is a folder, not a file — point the recipient\'s record at the file',
      };
      reject(new ContentError(code, `${name}: ${hint[code] ?? `could not be read (${code})`}`));
    };
    fs.open(path, 'r', (openError, fd) => {
      if (openError) return failed(openError);
      const finish = (error: NodeJS.ErrnoException | ContentError | null, text?: string): void => {
        // The answer does not wait for close(): it changes nothing about what was read.
        fs.close(fd, () => undefined);
        if (error) failed(error);
        else resolve(text!);
      };
      const chunks: Buffer[] = [];
      let length = 0;
      const step = (size: number): void => {
        // maxBytes + 1 at most, so that a file over the limit is caught without reading it all.
        const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes + 1 - length));
        fs.read(fd, buffer, 0, buffer.length, null, (readError, bytesRead) => {
          if (readError) return finish(readError);
          length += bytesRead;
          if (length > maxBytes) return finish(tooLarge(name, maxBytes));
          chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
          // A short read of a regular file is its end.
          if (bytesRead < buffer.length) return finish(null, Buffer.concat(chunks, length).toString('utf8'));
          step(size * 4);
        });
      };
      step(FIRST_READ_BYTES);
    });
  });
}

async function fetchUrl(url: string, name: string, timeoutMs: number, maxBytes: number): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ContentError(
        `HTTP_${response.status}`,
        `${name}: the server answered HTTP ${response.status} — check the URL and that the feed is shared`,
      );
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      throw tooLarge(name, maxBytes);
    }
    return await readBodyBounded(response, name, maxBytes, controller);
  } catch (error) {
    if (error instanceof ContentError) throw error;
    if (controller.signal.aborted) {
      throw new ContentError('TIMEOUT', `${name}: no complete answer within ${timeoutMs} ms — is the server up?`);
    }
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const detail = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
    throw new ContentError('NETWORK', `${name}: could not connect${detail} — check the URL and the network`);
  } finally {
    clearTimeout(timer);
  }
}

async function readBodyBounded(
  response: Response,
  name: string,
  maxBytes: number,
  controller: AbortController,
): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      // Stop the download here rather than buffering the rest of an oversized body.
      controller.abort();
      await reader.cancel().catch(() => undefined);
      throw tooLarge(name, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

function tooLarge(name: string, maxBytes: number): ContentError {
  return new ContentError('TOO_LARGE', `${name}: larger than ${maxBytes} bytes — trim it or raise the limit`);
}
