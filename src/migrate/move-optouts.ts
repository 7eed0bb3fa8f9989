import { decodedValues } from './decoded-values.ts';
import type { MigrationDeps } from './migration-deps.ts';

/** The note of the last earlier audit entry copied: a re-run, and the last step, go on from there. */
const AUDIT_COPIED = 'audit-copied';

/** Copies every opt-out with its time and source (one already in this layout is kept); returns how many were new. */
export async function copyOptOuts(deps: MigrationDeps, step: string, total: number | null): Promise<number> {
  let added = 0;
  let done = 0;
  for await (const batch of deps.store.migration.legacy.optOuts()) {
    added += await deps.store.migration.into.optOuts(decodedValues(batch));
    deps.onProgress({ phase: 'move', step, done: (done += batch.length), total });
  }
  return added;
}

/**
 * Copies the audit stream in order, from after the last entry an earlier run copied, each
 * entry under its original stream id (entries already there are skipped); returns how many
 * were added.
 */
export async function copyAudit(deps: MigrationDeps, step: string, total: number | null): Promise<number> {
  const { legacy, into, progress } = deps.store.migration;
  const after = (await progress.read())?.notes.get(AUDIT_COPIED);
  let added = 0;
  let done = 0;
  for await (const page of legacy.audit(after)) {
    added += await into.audit(decodedValues(page.entries));
    await progress.note(AUDIT_COPIED, page.last);
    deps.onProgress({ phase: 'move', step, done: (done += page.entries.length), total });
  }
  return added;
}
