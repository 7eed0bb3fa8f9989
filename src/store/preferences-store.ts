import type { Recipient } from '../recipients/recipient.ts';
import { preferencesToKeep, withPreferences, type PreferenceForm, type Preferences } from '../preferences/preferences.ts';
import type { RedisClient } from '../redis.ts';
import type { StoreKeys } from './keys.ts';
import { groupOfFields, importedFromFields, preferenceFields, preferencesFromFields } from './recipient-fields.ts';
import type { Scripts } from './scripts.ts';
import { ALL_SHARDS, SHARDS, shardOf } from './shards.ts';
import { mergeStreams } from './stream-merge.ts';

export interface PreferencesAuditEntry {
  readonly at: string;
  readonly id: string;
  /** The preferences in effect after this save (only what differs from the imported record). */
  readonly kept: Preferences;
}

/**
 * A recipient's own choices (the preferences page), kept as `p.*` fields of their roster
 * record: the roster's reads lay them over the imported fields, an import never touches
 * them, and an admin's `enabled: false` still wins.
 */
export interface PreferencesStore {
  get(id: string): Promise<Preferences | null>;
  /**
   * Replaces the person's choices with a submitted form (keeping what differs from the
   * imported record), moves them to their new send group and audits the save, in one step:
   * the scheduler follows a new send time or zone at its next tick. Returns the record now
   * in effect, or null when the id is not on the roster (nothing written).
   */
  save(id: string, form: PreferenceForm, now?: Date): Promise<Recipient | null>;
  /** Every save, oldest first. */
  audit(): AsyncIterable<PreferencesAuditEntry>;
}

/** Saves kept per shard in the audit (about 128 × this in all). */
const AUDIT_CAP_PER_SHARD = 10_000;

export function createPreferencesStore(client: RedisClient, keys: StoreKeys, scripts: Scripts): PreferencesStore {
  return {
    async get(id) {
      return preferencesFromFields(await client.hgetall(keys.shard(shardOf(id)).recipient(id)));
    },
    async save(id, form, now = new Date()) {
      const shard = keys.shard(shardOf(id));
      // Each try reads what a racing import wrote; one retry is the usual most.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const fields = await client.hgetall(shard.recipient(id));
        const imported = importedFromFields(id, fields);
        if (!imported) return null;
        const prefs = preferencesToKeep(imported, form);
        const to = withPreferences(imported, prefs);
        const from = groupOfFields(fields);
        const toGroup = `${to.timeZone}|${to.sendAt}`;
        // The scheduler's index first: a group listed before its members is harmless.
        await client.sadd(keys.groups, toGroup);
        const verdict = (await scripts.run('save-preferences', [shard.recipient(id), shard.group(from), shard.group(toGroup), shard.prefsAudit], [
          id, from, toGroup, now.toISOString(), JSON.stringify(prefs), AUDIT_CAP_PER_SHARD, ...preferenceFields(prefs),
        ])) as string;
        if (verdict === 'ok') return to;
        if (verdict === 'missing') return null;
      }
      throw new Error(`preferences of ${id}: the roster kept changing while saving; try again`);
    },
    async *audit() {
      for await (const { fields } of mergeStreams(client, ALL_SHARDS.map((n) => keys.shard(n).prefsAudit))) {
        yield { at: fields.at!, id: fields.id!, kept: JSON.parse(fields.kept ?? '{}') as Preferences };
      }
    },
  };
}

export const PREFERENCES_AUDIT_CAP = AUDIT_CAP_PER_SHARD * SHARDS;
