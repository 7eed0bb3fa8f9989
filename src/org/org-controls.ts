import type { OrgChangeResult, OrgChangeSource, OrgSettingsStore } from '../store/org-settings-store.ts';
import { checkSections, ORG_SECTIONS, type OrgSection, type OrgSettings, type OrgSettingsChange } from './org-settings.ts';

/** What `GET /admin/api/org` answers, and what the console shows. */
export interface OrgControlsView extends OrgSettings {
  /** Every section name there is, in order (for a form's checkboxes). */
  readonly sections: readonly OrgSection[];
}

export const viewOf = (settings: OrgSettings): OrgControlsView => ({ ...settings, sections: ORG_SECTIONS });

const FIELDS = ['sectionsOff', 'remoteFeeds'] as const;

/**
 * Reads the body of `PUT /admin/api/org` (or the console's form, as the same object): the
 * whole state asked for, `{"sectionsOff":[…],"remoteFeeds":true|false}`, either field
 * optional. Every problem at once; a section listed is off, every other one on.
 */
export function parseOrgControls(body: unknown): { ok: true; change: OrgSettingsChange } | { ok: false; problems: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: ['body: expected a JSON object {"sectionsOff":["tasks",…],"remoteFeeds":true|false}'] };
  }
  const record = body as Record<string, unknown>;
  const problems: string[] = Object.keys(record)
    .filter((k) => !(FIELDS as readonly string[]).includes(k))
    .map((k) => `${k}: not a field; the fields are ${FIELDS.join(', ')}`);
  let off: OrgSection[] | undefined;
  if (record.sectionsOff !== undefined) {
    const list = record.sectionsOff;
    if (!Array.isArray(list) || !list.every((s): s is string => typeof s === 'string')) {
      problems.push(`sectionsOff: expected a list of section names (${ORG_SECTIONS.join(', ')}), [] for all on`);
    } else {
      const checked = checkSections(list, 'sectionsOff');
      if (checked.ok) off = checked.sections;
      else problems.push(...checked.problems);
    }
  }
  const feeds = record.remoteFeeds;
  if (feeds !== undefined && typeof feeds !== 'boolean') problems.push('remoteFeeds: expected true (fetched) or false (not fetched)');
  if (record.sectionsOff === undefined && feeds === undefined && problems.length === 0) {
    problems.push('body: give sectionsOff, remoteFeeds or both');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    change: {
      ...(off ? { off, on: ORG_SECTIONS.filter((s) => !off.includes(s)) } : {}),
      ...(typeof feeds === 'boolean' ? { remoteFeeds: feeds } : {}),
    },
  };
}

/**
 * The one way the admin API and the console change the data controls: checked whole first
 * (nothing written on a problem), then changed and audited in one step.
 */
export async function applyOrgControls(
  store: Pick<OrgSettingsStore, 'change'>,
  body: unknown,
  source: OrgChangeSource,
): Promise<{ ok: true; result: OrgChangeResult } | { ok: false; problems: string[] }> {
  const parsed = parseOrgControls(body);
  if (!parsed.ok) return parsed;
  return { ok: true, result: await store.change(parsed.change, source) };
}
