import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Recipient } from './recipient.ts';
import { ImportError } from './import-error.ts';
import { RosterSyntaxError } from './json-roster-reader.ts';
import { parseCsvRoster, parseJsonRoster } from './parse-roster.ts';
import { detectFormat, readRoster, type RosterFormat } from './read-roster.ts';
import { createRosterCheck } from './roster-check.ts';
import type { IdSet } from './id-set.ts';
import { planLeaving, removeLeaving, type LeavingPlan, type SyncedRoster } from './roster-sync.ts';

// A roster of a million people in CSV is about 150 MB; past this, something is wrong with the file.
const MAX_ROSTER_BYTES = 512 * 1024 * 1024;
/** Recipients handed to the roster store at once while writing (it writes them as small scripts of one each). */
const WRITE_BATCH = 1000;

export interface ImportProgress {
  readonly phase: 'checking' | 'writing';
  readonly bytes: number;
  readonly totalBytes: number;
  readonly records: number;
}

export interface ImportOptions {
  readonly defaultTimeZone: string;
  /** Hears where the import is, after every chunk of the file. */
  readonly progress?: (p: ImportProgress) => void;
  /** `--sync`: once the file is written, take off the roster everyone who is not in it. */
  readonly sync?: boolean;
  /** Hears how many have been removed so far by `sync`. */
  readonly removed?: (removed: number) => void;
  /**
   * Called once the file is checked whole, before anything is written: false writes nothing
   * (a dry run, a "no" at the prompt); it may throw to refuse.
   */
  readonly beforeWrite?: (plan: ImportPlan) => Promise<boolean> | boolean;
}

/** What an import is about to do. */
export interface ImportPlan {
  readonly records: number;
  /** With `sync`: who would be taken off the roster. */
  readonly leaving: LeavingPlan | null;
}

export interface ImportResult {
  readonly records: number;
  readonly created: number;
  readonly updated: number;
  /** With `sync`: how many were taken off the roster. */
  readonly removed: number | null;
  /** False when `beforeWrite` said no: nothing was written. */
  readonly written: boolean;
}

/** Ids `beforeWrite` is shown of those `sync` would remove. */
const LEAVING_SAMPLE = 20;

interface OpenedRoster {
  readonly path: string;
  readonly format: RosterFormat;
  readonly size: number;
  readonly mtimeMs: number;
}

async function openRoster(file: string): Promise<OpenedRoster> {
  const path = resolve(file);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ImportError(file, [{ line: 1, field: '', problem: 'cannot read the file (does it exist?)' }]);
  }
  if (info.size > MAX_ROSTER_BYTES) {
    throw new ImportError(file, [{ line: 1, field: '', problem: `the file is ${Math.round(info.size / 1e6)} MB; the limit is 512 MB` }]);
  }
  return { path, format: await detectFormat(path), size: info.size, mtimeMs: info.mtimeMs };
}

/**
 * One pass over the file: every record checked (`onRecipient` gets each valid one, in file
 * order, and may wait: the file is read no faster than it consumes). Returns the check.
 */
async function pass(file: string, roster: OpenedRoster, opts: ImportOptions, phase: ImportProgress['phase'], onRecipient: (r: Recipient) => Promise<void> | void) {
  // The writing pass reads a file already checked whole: it need not hold every id again.
  const check = createRosterCheck({ defaultTimeZone: opts.defaultTimeZone, baseDir: dirname(roster.path), duplicates: phase === 'checking' });
  let bytes = 0;
  try {
    for await (const item of readRoster(roster.path, roster.format, (read) => (bytes = read))) {
      if ('columns' in item) {
        check.columns(item.columns);
        continue;
      }
      const recipient = check.record(item.record);
      if (recipient && check.problemCount === 0) await onRecipient(recipient);
      if (check.records % 1000 === 0) opts.progress?.({ phase, bytes, totalBytes: roster.size, records: check.records });
    }
  } catch (err) {
    if (err instanceof RosterSyntaxError) throw new ImportError(file, [err.problem]);
    throw err;
  }
  opts.progress?.({ phase, bytes: roster.size, totalBytes: roster.size, records: check.records });
  return check;
}

/**
 * Checks a roster file whole, in constant memory: every problem (with its line) is found
 * before anything is written, and an invalid file is refused with all of them. Returns how
 * many records it holds.
 */
async function checkOpened(file: string, roster: OpenedRoster, opts: ImportOptions): Promise<{ records: number; ids: IdSet | null }> {
  const check = await pass(file, roster, opts, 'checking', () => undefined);
  if (check.problemCount > 0) throw new ImportError(file, check.problems, check.problemCount);
  return { records: check.records, ids: check.ids };
}

interface RosterWriter {
  upsertMany(recipients: readonly Recipient[]): Promise<{ created: number; updated: number }>;
}

type Roster = RosterWriter & SyncedRoster;

/**
 * `recipients import`: checks the whole file first (nothing is written, and the roster is
 * not even asked for, unless all of it is valid), then reads it again and writes it in
 * batches. Memory stays the same for any size of file. Writes are upserts by id: an import
 * cut short (the process killed) leaves some recipients written and none half-written, and
 * running it again finishes it. With `sync`, those on the roster and not in the file are
 * counted before anything is written (`beforeWrite` sees how many, and may stop it), then
 * removed once the file is written: the file's ids are held in a compact id set, the roster
 * is read a batch at a time.
 */
export async function importRosterFile(
  file: string,
  opts: ImportOptions,
  rosterStore: Roster | (() => Promise<Roster>),
): Promise<ImportResult> {
  const opened = await openRoster(file);
  // Only the count is kept, unless `sync` needs the file's ids: then the check's compact id set (about 20 bytes an id).
  const checked = await checkOpened(file, opened, opts);
  const records = checked.records;
  const fileIds = opts.sync ? checked.ids : null;
  const roster = typeof rosterStore === 'function' ? await rosterStore() : rosterStore;
  // Counted before anything is written: the upsert only adds ids of the file, so it does not change who is leaving.
  const leaving = fileIds ? await planLeaving(roster, fileIds, LEAVING_SAMPLE) : null;
  if (opts.beforeWrite && !(await opts.beforeWrite({ records, leaving }))) {
    return { records, created: 0, updated: 0, removed: null, written: false };
  }
  const now = await stat(opened.path);
  if (now.size !== opened.size || now.mtimeMs !== opened.mtimeMs) throw changed(file, false);

  let created = 0;
  let batch: Recipient[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const done = await roster.upsertMany(batch);
    created += done.created;
    batch = [];
  };
  const written = await pass(file, opened, opts, 'writing', async (r) => {
    batch.push(r);
    if (batch.length >= WRITE_BATCH) await flush();
  });
  if (written.problemCount > 0 || written.records !== records) throw changed(file, true);
  await flush();
  const removed = fileIds && leaving ? (leaving.count > 0 ? await removeLeaving(roster, fileIds, opts.removed) : 0) : null;
  return { records: written.records, created, updated: written.records - created, removed, written: true };
}

function changed(file: string, partly: boolean): Error {
  return new Error(
    `${file} changed while it was being imported${partly ? ': part of it may be written' : ', nothing written'} — ` +
      'wait until whatever writes it is done, then import it again',
  );
}

/**
 * Every problem of a roster text, with its line and field, or the recipients (tests, small
 * files): the same rules as a streamed import.
 */
export function parseRoster(
  text: string,
  opts: { format: 'json' | 'csv'; baseDir: string; file: string; defaultTimeZone: string },
): Recipient[] {
  const parsed = opts.format === 'json' ? parseJsonRoster(text) : parseCsvRoster(text);
  if (!parsed.ok) throw new ImportError(opts.file, parsed.problems);
  const check = createRosterCheck(opts);
  if (parsed.columns) check.columns(parsed.columns);
  const recipients: Recipient[] = [];
  for (const record of parsed.records) {
    const recipient = check.record(record);
    if (recipient) recipients.push(recipient);
  }
  if (check.problemCount > 0) throw new ImportError(opts.file, check.problems, check.problemCount);
  return recipients;
}
