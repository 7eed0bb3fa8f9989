import type { OptOut } from '../store/optout-store.ts';
import type { RosterStore } from '../store/roster-store.ts';

/**
 * Each opt-out with the address it belongs to (id, email, since, how), read a batch at a time;
 * `absent` stands in for the address of someone no longer on the roster.
 */
export async function* withAddresses(roster: Pick<RosterStore, 'getMany'>, batches: AsyncIterable<OptOut[]>, absent = '(not on the roster)'): AsyncIterable<string[][]> {
  for await (const batch of batches) {
    const found = await roster.getMany(batch.map((o) => o.id));
    yield batch.map((o) => [o.id, found.get(o.id)?.email ?? absent, o.at, o.source]);
  }
}
