import { simpleParser, type ParsedMail } from 'mailparser';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface OutboxEntry {
  readonly name: string;
  readonly modified: Date;
  readonly bytes: number;
}

/** The newest messages shown; an outbox of a busy day can hold thousands. */
export const OUTBOX_LIST_LIMIT = 500;

/** `.eml` files of the outbox, newest first; an outbox that does not exist yet is empty. */
export async function listOutbox(outboxDir: string): Promise<{ entries: OutboxEntry[]; total: number }> {
  let names: string[];
  try {
    names = (await readdir(outboxDir)).filter((n) => n.endsWith('.eml'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], total: 0 };
    throw error;
  }
  const entries = await Promise.all(
    names.map(async (name) => {
      const info = await stat(path.join(outboxDir, name)).catch(() => null);
      return info ? { name, modified: info.mtime, bytes: info.size } : null;
    }),
  );
  const present = entries.filter((e): e is OutboxEntry => e !== null);
  present.sort((a, b) => b.modified.getTime() - a.modified.getTime() || a.name.localeCompare(b.name));
  return { entries: present.slice(0, OUTBOX_LIST_LIMIT), total: present.length };
}

/** The names a URL may ask for: exactly the `.eml` files that are there now. */
export async function outboxNames(outboxDir: string): Promise<string[]> {
  return (await readdir(outboxDir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
}

/** `name` must already have passed pickName against outboxNames. */
export async function readOutboxMessage(outboxDir: string, name: string): Promise<ParsedMail> {
  return simpleParser(await readFile(path.join(outboxDir, name)));
}
