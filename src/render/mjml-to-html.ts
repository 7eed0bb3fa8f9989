import { Worker } from 'node:worker_threads';
import type { AssembledSource } from './template-source.ts';
import { originOf } from './template-source.ts';
import type { TemplateError } from './template-error.ts';

/**
 * The one set of MJML options: the compiled-once path and the tests' compile-per-email
 * reference path must use the same ones. Minification runs here, at compile time, never per
 * email. CSS goes through cssnano 7's "lite" preset (MJML's own default): whitespace and
 * comments only, no rule merging, which some mail clients mishandle; the full preset saved
 * only ~50 bytes more. keepComments false drops our own comments but never Outlook's
 * conditional comments.
 */
const OPTIONS = {
  validationLevel: 'strict',
  minify: true,
  minifyOptions: { minifyCss: 'lite' },
  keepComments: false,
  fonts: {},
} as const;

export type MjmlResult = { ok: true; html: string } | { ok: false; errors: TemplateError[] };

/** MJML's registered elements (mj-text, mj-section…): the attributes each takes, and whether it holds HTML. */
export type MjmlElements = Readonly<Record<string, { readonly attributes: readonly string[]; readonly endingTag: boolean }>>;

type ThreadReply =
  | { id: number; ok: true; html: string }
  | { id: number; ok: true; elements: MjmlElements }
  | { id: number; ok: false; message: string; details?: { line?: number; message: string }[] };

/**
 * MJML (with cheerio, juice, cssnano and js-beautify behind it) takes ~70 MB of memory once
 * loaded, and a worker needs it only to compile each locale once at start-up. So it runs in
 * a worker thread that ends itself when idle, and the worker process keeps only the HTML.
 */
let thread: { worker: Worker; pending: Map<number, (reply: ThreadReply | Error) => void>; idle?: NodeJS.Timeout } | undefined;
let nextId = 0;
const IDLE_MS = 1000;
let holds = 0;

/**
 * Keeps the MJML thread (and MJML loaded in it) alive until the returned function is called:
 * the template preview recompiles on every save and must not pay a thread start and MJML's
 * import each time (about a second on a busy machine).
 */
export function holdMjmlThread(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    if (holds === 0 && thread && thread.pending.size === 0) scheduleEnd(thread);
  };
}

function scheduleEnd(ending: NonNullable<typeof thread>): void {
  ending.worker.unref();
  clearTimeout(ending.idle);
  if (holds > 0) return;
  ending.idle = setTimeout(() => {
    if (thread === ending) thread = undefined;
    void ending.worker.terminate();
  }, IDLE_MS).unref();
}

function askThread(request: { text: string; options: typeof OPTIONS } | { describe: true }): Promise<ThreadReply> {
  if (!thread) {
    const worker = new Worker(new URL('./mjml-thread.mjs', import.meta.url), { execArgv: [] });
    const pending = new Map<number, (reply: ThreadReply | Error) => void>();
    const current = { worker, pending } as NonNullable<typeof thread>;
    worker.on('message', (reply: ThreadReply) => {
      const settle = pending.get(reply.id);
      pending.delete(reply.id);
      settle?.(reply);
    });
    const failAll = (err: Error) => {
      const settles = [...pending.values()];
      pending.clear();
      for (const settle of settles) settle(err);
      if (thread === current) thread = undefined;
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('the MJML thread stopped')));
    thread = current;
  }
  const { worker, pending } = thread;
  clearTimeout(thread.idle);
  // Held open only while a compile is waiting: an idle thread must not keep a CLI command alive.
  worker.ref();
  const id = (nextId += 1);
  return new Promise<ThreadReply>((resolve, reject) => {
    pending.set(id, (reply) => {
      if (thread && thread.pending.size === 0) scheduleEnd(thread);
      if (reply instanceof Error) reject(reply);
      else resolve(reply);
    });
    worker.postMessage({ id, ...request });
  });
}

export async function mjmlToHtml(source: AssembledSource, entry: string): Promise<MjmlResult> {
  let reply: ThreadReply;
  try {
    reply = await askThread({ text: source.text, options: OPTIONS });
  } catch (error) {
    return { ok: false, errors: [{ file: entry, message: `MJML: ${(error as Error).message}` }] };
  }
  if (reply.ok) return { ok: true, html: 'html' in reply ? reply.html : '' };
  if (reply.details && reply.details.length > 0) {
    return {
      ok: false,
      errors: reply.details.map((d) => {
        const origin = originOf(source, d.line);
        return { file: origin?.file ?? entry, line: origin?.line, message: `MJML: ${d.message}` };
      }),
    };
  }
  return { ok: false, errors: [{ file: entry, message: `MJML: ${reply.message}` }] };
}

/** The elements the installed MJML knows, asked of the same thread (MJML is loaded there only). */
export async function mjmlElements(): Promise<MjmlElements> {
  const reply = await askThread({ describe: true });
  if (!reply.ok || !('elements' in reply)) throw new Error('the MJML thread did not list its elements');
  return reply.elements;
}
