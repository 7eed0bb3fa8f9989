import type { Config } from '../config.ts';
import type { ReloadHub } from './reload-hub.ts';
import type { TemplateSnapshots } from './template-snapshot.ts';
import type { OrgStateReader } from './org-state.ts';

/** The one template the preview shows today; a second entry file would be listed here. */
export const PREVIEW_TEMPLATES = ['briefing'] as const;

export type PreviewConfig = Pick<
  Config,
  'nodeEnv' | 'smtpUrl' | 'outboxDir' | 'smtpPoolSize' | 'mailFrom' | 'publicUrl' | 'unsubscribeKeys' | 'dkim' | 'smtpRequireTls' | 'branding'
>;

export interface PreviewDeps {
  readonly config: PreviewConfig;
  /** The folder to preview: the shipped `templates/`, or a copy (tests edit copies only). */
  readonly templatesDir: string;
  readonly snapshots: TemplateSnapshots;
  readonly hub: ReloadHub;
  /** The port the preview listens on: its own origins are the loopback names with it. */
  readonly port: () => number;
  /** The organisation's data controls, read for each page; none: the page says they were not read. */
  readonly org?: OrgStateReader;
}
