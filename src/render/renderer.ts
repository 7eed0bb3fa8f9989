import type { BriefingDay } from '../content/briefing-day.ts';
import type { Recipient } from '../recipients/recipient.ts';
import { compileLocale, HTML_ENTRY, mjmlOnce, type CompiledLocale } from './compile-template.ts';
import { DEFAULT_BRAND } from './translate-source.ts';
import { localesIn, type Locale } from './locales.ts';
import type { TemplateError } from './template-error.ts';
import { templateFiles } from './template-files.ts';
import { buildView, type BriefingLinks, type ViewBranding } from './view-model.ts';

export type RenderResult =
  | { ok: true; subject: string; preheader: string; html: string; text: string }
  | { ok: false; error: TemplateError };

export interface RenderInput {
  readonly recipient: Recipient;
  readonly day: BriefingDay;
  readonly links: BriefingLinks;
  readonly branding?: ViewBranding;
  /** Overrides the recipient's own locale (previews, `briefing render --locale`). */
  readonly locale?: Locale;
}

export interface Renderer {
  /** Never throws for a template problem: a broken locale comes back as `{ ok: false }`. */
  render(input: RenderInput): RenderResult;
  /** Every compile error per locale; empty when all locales compiled. */
  readonly errors: readonly TemplateError[];
}

export interface RendererOptions {
  readonly templatesDir: string;
  /** Template files by relative path that replace the ones on disk (tests, unsaved edits). */
  readonly overrides?: Readonly<Record<string, string>>;
  /** ACCENT_COLOR, compiled into the templates' inline styles. */
  readonly accentColor?: string;
}

/**
 * Compiles every locale once (MJML, translations, both Handlebars templates). A locale that
 * fails to compile still yields a renderer: rendering in it returns the error, so a preview
 * server can show it and other locales keep working.
 */
export async function createRenderer(options: RendererOptions): Promise<Renderer> {
  if (!options.templatesDir) throw new Error('createRenderer: templatesDir is required');
  const read = templateFiles(options.templatesDir, options.overrides);
  const compiled = new Map<Locale, CompiledLocale | TemplateError[]>();
  const brand = { accent: options.accentColor ?? DEFAULT_BRAND.accent };
  const mjml = mjmlOnce();
  for (const locale of localesIn(options.templatesDir)) compiled.set(locale, await compileLocale(read, locale, brand, mjml));
  const errors = [...compiled.values()].flatMap((c) => (Array.isArray(c) ? c : []));

  return {
    errors,
    render(input) {
      const locale = input.locale ?? input.recipient.locale;
      const template = compiled.get(locale);
      if (!template) return { ok: false, error: { file: `locales/${locale}.json`, message: `unknown locale "${locale}"` } };
      if (Array.isArray(template)) return { ok: false, error: template[0]! };
      try {
        const view = buildView({ ...input, locale, messages: template.messages });
        return {
          ok: true,
          subject: view.subject,
          preheader: view.preheader,
          html: template.html(view),
          text: template.text(view),
        };
      } catch (error) {
        // strict Handlebars throws on a field the view does not have: a template bug.
        return { ok: false, error: { file: HTML_ENTRY, message: (error as Error).message } };
      }
    },
  };
}
