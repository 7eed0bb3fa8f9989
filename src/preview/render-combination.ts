import type Mail from 'nodemailer/lib/mailer/index.js';
import { composeBriefing } from '../compose/compose-briefing.ts';
import type { ViewBranding } from '../render/view-model.ts';
import type { MessageSettings } from '../delivery/build-message.ts';
import { loadFixture, type Fixture } from '../render/fixtures.ts';
import { fixtureError } from './fixture-error.ts';
import type { Locale } from '../render/locales.ts';
import type { TemplateError } from '../render/template-error.ts';
import type { TokenCodec } from '../unsubscribe/token.ts';
import type { TemplateSnapshot } from './template-snapshot.ts';
import { withoutOrgSections, type OrgSettings } from '../org/org-settings.ts';

/** Gmail clips an HTML body above this many bytes ("[Message clipped]"). */
export const GMAIL_CLIP_BYTES = 102 * 1024;

export type PreviewResult =
  | {
      readonly ok: true;
      readonly fixture: Fixture;
      readonly subject: string;
      readonly preheader: string;
      readonly html: string;
      readonly text: string;
      readonly htmlBytes: number;
      /** The message as the worker would hand it to SMTP (send-test sends it). */
      readonly message: Mail.Options;
    }
  | { readonly ok: false; readonly error: TemplateError };

/** One template × fixture × locale, composed the way the worker composes it; errors are values. */
export async function renderCombination(
  snapshot: TemplateSnapshot,
  templatesDir: string,
  fixtureName: string,
  locale: Locale,
  links: { readonly tokens: TokenCodec; readonly settings: MessageSettings; readonly branding?: ViewBranding },
  /** The organisation's data controls: the sections turned off for everyone are left out, as the worker does. */
  org?: OrgSettings,
): Promise<PreviewResult> {
  let fixture: Fixture;
  try {
    fixture = await loadFixture(fixtureName, templatesDir);
  } catch (error) {
    return { ok: false, error: await fixtureError(templatesDir, fixtureName, error as Error) };
  }
  // MJML renders a template with a tag closed by the wrong name, minus that element: show
  // the cause, not a quietly broken email.
  const broken = snapshot.sourceProblems[0];
  if (broken) return { ok: false, error: broken };
  const result = composeBriefing({ renderer: snapshot.renderer, ...links }, { recipient: fixture.recipient, day: org ? withoutOrgSections(fixture.day, org) : fixture.day, locale });
  if (!result.ok) return { ok: false, error: result.error };
  const { subject, preheader, html, text, message } = result;
  return { ok: true, fixture, subject, preheader, html, text, message, htmlBytes: Buffer.byteLength(html) };
}
