import type { OrgSettings } from './org-settings.ts';

/** How long the worker trusts the data controls it read: a change reaches every send within this. */
export const ORG_SETTINGS_TTL_MS = 5_000;

/**
 * The data controls as the worker reads them: once per `ttlMs` for all its jobs (one HGETALL,
 * not one per send), and one read at a time however many jobs ask at once. A failed read is
 * not kept: the next job asks again (and its send fails and is retried, as for any Redis error).
 */
export function cachedOrgSettings(read: () => Promise<OrgSettings>, ttlMs = ORG_SETTINGS_TTL_MS, now: () => number = Date.now): () => Promise<OrgSettings> {
  let cached: { at: number; value: Promise<OrgSettings> } | undefined;
  return () => {
    const t = now();
    if (!cached || t - cached.at >= ttlMs) {
      const value = read();
      const entry = { at: t, value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
}
