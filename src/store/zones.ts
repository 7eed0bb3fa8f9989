import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';
import type { Scripts } from './scripts.ts';

/**
 * Time zones by small number. Outcome records and counters carry the recipient's zone (so
 * "today" can be counted per zone) as a number of one or two digits instead of a name; the
 * table only grows, and every process keeps what it has read.
 */
export interface ZoneTable {
  numberOf(zone: string): Promise<number>;
  /** The zone of a number, reading the table again if this process has not seen it yet. */
  nameOf(n: number): Promise<string | undefined>;
}

export function createZoneTable(client: RedisClient, keys: StoreKeys, scripts: Scripts): ZoneTable {
  const byName = new Map<string, number>();
  const byNumber = new Map<number, string>();
  const remember = (zone: string, n: number) => {
    byName.set(zone, n);
    byNumber.set(n, zone);
  };
  return {
    async numberOf(zone) {
      const known = byName.get(zone);
      if (known !== undefined) return known;
      const n = Number(await scripts.run('register-zone', [keys.zones], [zone]));
      remember(zone, n);
      return n;
    },
    async nameOf(n) {
      if (!byNumber.has(n)) {
        for (const [zone, value] of Object.entries(await client.hgetall(keys.zones))) remember(zone, Number(value));
      }
      return byNumber.get(n);
    },
  };
}
