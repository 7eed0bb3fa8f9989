import { describeOrgSettings, type OrgSettings } from '../org/org-settings.ts';

/** The organisation's data controls as the preview knows them: read from Redis, or why not. */
export type OrgPreviewState = { readonly settings: OrgSettings } | { readonly unavailable: string };

/** Reads the controls for a page; a Redis that does not answer is a line on the page, never a failed preview. */
export type OrgStateReader = () => Promise<OrgPreviewState>;

export const NOT_READ: OrgPreviewState = { unavailable: 'not read (the preview was started without Redis)' };

/** The line the preview shows: what the worker would leave out today. */
export function orgStateLine(state: OrgPreviewState): string {
  if ('settings' in state) return `${describeOrgSettings(state.settings)} (as the worker sends it; \`briefing org\` changes it)`;
  return `${state.unavailable}: shown with every section on`;
}

export const settingsOf = (state: OrgPreviewState): OrgSettings | undefined => ('settings' in state ? state.settings : undefined);
