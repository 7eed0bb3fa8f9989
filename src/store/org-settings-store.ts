import type { RedisClient } from './client.ts';
import type { StoreKeys } from './keys.ts';
import type { Scripts } from './scripts.ts';
import { ALL_ON, ORG_SECTIONS, type OrgSettings, type OrgSettingsChange } from '../org/org-settings.ts';

/** Where a change of the data controls came from (kept in the audit). */
export const ORG_CHANGE_SOURCES = ['cli', 'admin-api', 'console'] as const;
export type OrgChangeSource = (typeof ORG_CHANGE_SOURCES)[number];

export interface OrgAuditEntry {
  readonly at: string;
  readonly source: OrgChangeSource;
  /** What changed, e.g. "tasks off, remote-feeds off". */
  readonly change: string;
}

export interface OrgChangeResult {
  readonly settings: OrgSettings;
  /** False when everything asked for was so already (nothing written, nothing audited). */
  readonly changed: boolean;
}

/**
 * The organisation's data controls: one small hash, changed and audited in one script step
 * (both keys carry the `{org}` tag). The worker reads it through a short cache
 * (`cachedOrgSettings`), never per section.
 */
export interface OrgSettingsStore {
  get(): Promise<OrgSettings>;
  change(change: OrgSettingsChange, source: OrgChangeSource, now?: Date): Promise<OrgChangeResult>;
  /** Every change, oldest first (at most ORG_AUDIT_CAP). */
  audit(): AsyncIterable<OrgAuditEntry>;
  /** The last `count` changes, newest first (the console shows a few). */
  latest(count: number): Promise<OrgAuditEntry[]>;
}

/** Changes the audit keeps; the oldest go first. They are rare: an admin's clicks. */
export const ORG_AUDIT_CAP = 10_000;

function fromHash(fields: Record<string, string>): OrgSettings {
  return { sectionsOff: ORG_SECTIONS.filter((s) => fields[`off:${s}`] !== undefined), remoteFeeds: fields['remote-feeds'] !== 'off' };
}

function entryOf(raw: readonly string[]): OrgAuditEntry {
  const f = flatToHash(raw);
  return { at: f.at!, source: f.source as OrgChangeSource, change: f.change! };
}

function flatToHash(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
}

export function createOrgSettingsStore(client: RedisClient, keys: StoreKeys, scripts: Scripts): OrgSettingsStore {
  return {
    async get() {
      const fields = await client.hgetall(keys.orgSettings);
      return Object.keys(fields).length === 0 ? ALL_ON : fromHash(fields);
    },
    async change(change, source, now = new Date()) {
      const off = change.off ?? [];
      const on = change.on ?? [];
      const feeds = change.remoteFeeds === undefined ? '' : change.remoteFeeds ? 'on' : 'off';
      const [count, flat] = (await scripts.run('change-org-settings', [keys.orgSettings, keys.orgAudit], [
        now.toISOString(), source, ORG_AUDIT_CAP, feeds, off.length, ...off, ...on,
      ])) as [number, string[]];
      return { settings: fromHash(flatToHash(flat)), changed: count > 0 };
    },
    async *audit() {
      let from = '-';
      for (;;) {
        const page = (await client.xrange(keys.orgAudit, from, '+', 'COUNT', 200)) as [string, string[]][];
        for (const [, raw] of page) yield entryOf(raw);
        if (page.length < 200) return;
        from = `(${page[page.length - 1]![0]}`;
      }
    },
    async latest(count) {
      const page = (await client.xrevrange(keys.orgAudit, '+', '-', 'COUNT', count)) as [string, string[]][];
      return page.map(([, raw]) => entryOf(raw));
    },
  };
}
