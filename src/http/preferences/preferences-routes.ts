import { Hono, type Context } from 'hono';
import type { Logger } from '../../logger.ts';
import { SECTIONS, type PreferenceForm } from '../../preferences/preferences.ts';
import { orgOffPreferenceSections } from '../../org/org-settings.ts';
import type { OrgSettingsStore } from '../../store/org-settings-store.ts';
import type { PreferencesStore } from '../../store/preferences-store.ts';
import type { Recipient } from '../../recipients/recipient.ts';
import type { RosterStore } from '../../store/roster-store.ts';
import { localDateOf } from '../../time/zones.ts';
import type { OptOutStore } from '../../store/optout-store.ts';
import type { TokenCodec } from '../../unsubscribe/token.ts';
import { localeFromAcceptLanguage, pageLocale, retryLink, storeDownPage } from '../pages/page-frame.ts';
import { acceptLanguage, htmlPage, RETRY_AFTER_SECONDS } from '../pages/respond.ts';
import { bounded } from '../unsubscribe/bounded.ts';
import { invalidPage, methodPage, tooLargePage } from '../unsubscribe/pages.ts';
import { readBodyText } from '../unsubscribe/read-body.ts';
import { parsePreferencesForm } from './preferences-form.ts';
import { preferencesPage, savedPage, type PreferencesStanding } from './preferences-pages.ts';

export interface PreferencesDeps {
  readonly tokens: TokenCodec;
  readonly roster: RosterStore;
  readonly optouts: OptOutStore;
  readonly preferences: PreferencesStore;
  /** The organisation's data controls: a section turned off there is not offered. */
  readonly orgSettings: Pick<OrgSettingsStore, 'get'>;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** How long a page waits for Redis before answering 503 (default 2 s). */
  readonly storeTimeoutMs?: number;
  /** Largest POST body accepted (default 4 KiB; the form posts about 200 bytes). */
  readonly maxBodyBytes?: number;
}

/** The form's values: the settings in effect for this person. */
function formOf(r: Recipient): PreferenceForm {
  return {
    sendAt: r.sendAt,
    timeZone: r.timeZone,
    workdays: r.workdays,
    locale: r.locale,
    sections: r.sections ?? SECTIONS,
    pausedUntil: r.pausedUntil ?? null,
  };
}

/**
 * The recipient's own settings, from the footer's Preferences link (the same signed token
 * as Unsubscribe). GET shows the form and changes nothing (mail scanners open every link);
 * POST saves the whole form, or changes nothing and lists every problem.
 */
export function preferencesRoutes(deps: PreferencesDeps): Hono {
  const timeoutMs = deps.storeTimeoutMs ?? 2000;
  const maxBodyBytes = deps.maxBodyBytes ?? 4096;
  const now = deps.now ?? (() => new Date());
  const app = new Hono();
  const guess = (c: Context) => localeFromAcceptLanguage(acceptLanguage(c));
  const invalid = (c: Context) => htmlPage(400, invalidPage(guess(c)));
  const unavailable = (c: Context, token: string, err: unknown) => {
    deps.logger.warn({ err: (err as Error).message }, 'preferences: Redis unavailable, answered 503');
    const locale = guess(c);
    return htmlPage(503, storeDownPage(locale, retryLink(locale, `../preferences/${token}`)), { 'Retry-After': RETRY_AFTER_SECONDS });
  };

  const orgOff = async () => orgOffPreferenceSections(await bounded(deps.orgSettings.get(), timeoutMs));
  const standingOf = async (id: string, recipient: Recipient, off?: PreferencesStanding['orgOff']): Promise<PreferencesStanding> => ({
    optedOut: (await bounded(deps.optouts.get(id), timeoutMs)) !== null,
    adminOff: !recipient.enabled,
    orgOff: off ?? (await orgOff()),
  });

  app.get('/preferences/:token', async (c) => {
    const token = c.req.param('token');
    const id = deps.tokens.verify(token);
    if (!id) return invalid(c);
    try {
      const recipient = await bounded(deps.roster.get(id), timeoutMs);
      // Someone no longer on the roster has no settings: the same page as a bad link.
      if (!recipient) return invalid(c);
      const locale = pageLocale(recipient.locale, acceptLanguage(c));
      return htmlPage(200, preferencesPage(locale, token, formOf(recipient), await standingOf(id, recipient)));
    } catch (err) {
      return unavailable(c, token, err);
    }
  });

  app.post('/preferences/:token', async (c) => {
    const body = await readBodyText(c, maxBodyBytes);
    if (body === null) return htmlPage(413, tooLargePage(guess(c)));
    const token = c.req.param('token');
    const id = deps.tokens.verify(token);
    if (!id) return invalid(c);
    try {
      const recipient = await bounded(deps.roster.get(id), timeoutMs);
      if (!recipient) return invalid(c);
      const off = await orgOff();
      const parsed = parsePreferencesForm(body, (zone) => localDateOf(now(), zone), { off, kept: formOf(recipient).sections });
      if (!parsed.ok) {
        const locale = pageLocale(recipient.locale, acceptLanguage(c));
        return htmlPage(400, preferencesPage(locale, token, formOf(recipient), await standingOf(id, recipient, off), parsed.problems));
      }
      const saved = await bounded(deps.preferences.save(id, parsed.form, now()), timeoutMs);
      if (!saved) return invalid(c);
      deps.logger.info({ id }, 'preferences saved');
      // In the language just chosen: the person sees at once that it took.
      const locale = pageLocale(saved.locale, acceptLanguage(c));
      return htmlPage(200, savedPage(locale, token, formOf(saved), await standingOf(id, saved, off)));
    } catch (err) {
      return unavailable(c, token, err);
    }
  });

  app.get('/preferences', invalid);
  app.get('/preferences/', invalid);
  app.all('/preferences/:token', (c) => htmlPage(405, methodPage(guess(c)), { Allow: 'GET, HEAD, POST' }));
  return app;
}
