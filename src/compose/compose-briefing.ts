import type Mail from 'nodemailer/lib/mailer/index.js';
import type { BriefingDay } from '../content/briefing-day.ts';
import { buildMessage, type MessageSettings } from '../delivery/build-message.ts';
import type { Recipient } from '../recipients/recipient.ts';
import type { Locale } from '../render/locales.ts';
import type { Renderer } from '../render/renderer.ts';
import type { TemplateError } from '../render/template-error.ts';
import type { TokenCodec } from '../unsubscribe/token.ts';
import { focusUrl, preferencesUrl, unsubscribeUrl } from '../unsubscribe/unsubscribe-url.ts';
import type { BriefingLinks, ViewBranding } from '../render/view-model.ts';
import { onlySections } from '../preferences/only-sections.ts';

export type { BriefingLinks } from '../render/view-model.ts';

export interface ComposeDeps {
  readonly renderer: Renderer;
  readonly tokens: TokenCodec;
  readonly settings: MessageSettings;
  /** The organisation's name, logo, colour and privacy statement (config); none: the product's own. */
  readonly branding?: ViewBranding;
}

export interface ComposeInput {
  readonly recipient: Recipient;
  readonly day: BriefingDay;
  /** Overrides the recipient's own locale (previews, `briefing render --locale`). */
  readonly locale?: Locale;
  /** A forced re-send's own name: it gets a Message-ID of its own. */
  readonly resend?: string;
}

export type Composed =
  | {
      readonly ok: true;
      readonly subject: string;
      readonly preheader: string;
      readonly html: string;
      readonly text: string;
      readonly links: BriefingLinks;
      /** The whole message, as the worker hands it to SMTP. */
      readonly message: Mail.Options;
    }
  | { readonly ok: false; readonly error: TemplateError; readonly description: string };

/**
 * Recipient + day → the message: links signed, templates rendered, headers set. The one way
 * a briefing is made; the worker, `briefing render` and the preview's send-test differ only
 * in where the day comes from and where the message goes. A template problem is a value,
 * never a throw, so the preview can show it.
 */
export function composeBriefing(deps: ComposeDeps, input: ComposeInput): Composed {
  const recipient = input.locale ? { ...input.recipient, locale: input.locale } : input.recipient;
  // The sections the recipient chose to see (preferences page); the worker has already
  // checked that something is left.
  const day = onlySections(input.day, recipient);
  // One token per recipient for every link: it names the person, never the action.
  const token = deps.tokens.sign(recipient.id);
  const { publicUrl } = deps.settings;
  const links: BriefingLinks = {
    unsubscribe: unsubscribeUrl(publicUrl, token),
    preferences: preferencesUrl(publicUrl, token),
    focus: day.focus ? focusUrl(publicUrl, token, day.date, day.focus, day.timeZone) : null,
  };
  const rendered = deps.renderer.render({ recipient, day, links, branding: deps.branding });
  if (!rendered.ok) {
    const where = [rendered.error.file, rendered.error.line].filter((x) => x !== undefined).join(':');
    return { ok: false, error: rendered.error, description: `template error${where ? ` at ${where}` : ''}: ${rendered.error.message}` };
  }
  const message = buildMessage(recipient, day.date, rendered, links.unsubscribe, deps.settings, input.resend);
  return { ok: true, subject: rendered.subject, preheader: rendered.preheader, html: rendered.html, text: rendered.text, links, message };
}
