import type { OptOut } from '../store/optout-store.ts';
import type { RosterStore } from '../store/roster-store.ts';

/** RFC 4180: quote a field when it holds a comma, a quote or a line break; double the quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** Each opt-out with the address it belongs to (id, email, since, how), read a batch at a time. */
export async function* withAddresses(roster: Pick<RosterStore, 'getMany'>, batches: AsyncIterable<OptOut[]>): AsyncIterable<string[][]> {
  for await (const batch of batches) {
    const found = await roster.getMany(batch.map((o) => o.id));
    yield batch.map((o) => [o.id, found.get(o.id)?.email ?? '(not on the roster)', o.at, o.source]);
  }
}
