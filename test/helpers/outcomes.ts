import type { Outcome } from '../../src/delivery/outcome.ts';
import type { AuditEntry, OptOut, OptOutStore } from '../../src/store/optout-store.ts';
import type { OutcomeStore } from '../../src/store/outcome-store.ts';

/** Every outcome of a date, page by page (tests and benches with small rosters). */
export async function allOutcomes(outcomes: Pick<OutcomeStore, 'list'>, date: string): Promise<Map<string, Outcome>> {
  const all = new Map<string, Outcome>();
  let cursor: string | undefined;
  do {
    const page = await outcomes.list(date, { cursor, limit: 1000 });
    for (const { id, ...o } of page.rows) all.set(id, o);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Everyone opted out now (small rosters). */
export async function allOptOuts(optouts: Pick<OptOutStore, 'batches'>): Promise<OptOut[]> {
  const all: OptOut[] = [];
  for await (const batch of optouts.batches()) all.push(...batch);
  return all.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The whole opt-out audit log of a stack, oldest first. */
export async function auditOf(stack: { services: { optouts: Pick<OptOutStore, 'audit'> } }): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const e of stack.services.optouts.audit()) entries.push(e);
  return entries;
}
