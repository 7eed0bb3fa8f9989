import type { Messages } from './messages.ts';
import { localeFile } from './messages.ts';
import { mapLines, type AssembledSource } from './template-source.ts';
import type { TemplateError } from './template-error.ts';

/**
 * `{{t "key"}}` is replaced at compile time by the locale's string (HTML-escaped for the
 * HTML template), `{{rule "key"}}` by a line of dashes as long as that string (plain-text
 * headings), `{{brand "accent"}}` by the install's accent colour (ACCENT_COLOR: a value
 * inside inline CSS, which MJML parses, so it cannot be a Handlebars value). None reaches
 * Handlebars, so per-recipient rendering never looks strings up.
 */
const T_RE = /\{\{(t|rule|brand)\s+"([\w.-]+)"\s*\}\}/g;

/** What `{{brand "…"}}` may name; every value is checked at config load (a #rrggbb colour). */
export interface CompileBrand {
  readonly accent: string;
}

export const DEFAULT_BRAND: CompileBrand = { accent: '#1d4ed8' };

export function translateSource(
  source: AssembledSource,
  messages: Messages,
  locale: string,
  mode: 'html' | 'text',
  brand: CompileBrand = DEFAULT_BRAND,
): AssembledSource | TemplateError[] {
  const errors: TemplateError[] = [];
  const translated = mapLines(source, (line, origin) =>
    line.replace(T_RE, (whole, kind: string, key: string) => {
      if (kind === 'brand') {
        if (key === 'accent') return brand.accent;
        errors.push({ file: origin.file, line: origin.line, message: `unknown {{brand "${key}"}}: only "accent" exists` });
        return whole;
      }
      const value = messages[key];
      if (typeof value !== 'string') {
        errors.push({
          file: localeFile(locale),
          key,
          message: `missing translation "${key}" (used at ${origin.file}:${origin.line})`,
        });
        return whole;
      }
      if (kind === 'rule') return '-'.repeat(value.length);
      return mode === 'html' ? escapeHtml(value) : value;
    }),
  );
  return errors.length > 0 ? errors : translated;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]!};`);
}

/**
 * The HTML template with every `{{t "key"}}` as a marker MJML passes through untouched, so
 * that MJML (the costly step) runs once for all locales; `fillMarkers` then puts each locale's
 * escaped strings in. The compiled-once test checks the result equals translating first.
 */
const MARKER = (key: string) => `%%briefing-t:${key}%%`;
const MARKER_RE = /%%briefing-t:([\w.-]+)%%/g;

export function markerSource(source: AssembledSource, brand: CompileBrand = DEFAULT_BRAND): AssembledSource {
  return mapLines(source, (line) =>
    line.replace(T_RE, (whole, kind: string, key: string) => (kind === 'brand' ? (key === 'accent' ? brand.accent : whole) : MARKER(key))),
  );
}

/** Every marker replaced by the locale's string, HTML-escaped (translateSource has already checked they exist). */
export function fillMarkers(html: string, messages: Messages): string {
  return html.replace(MARKER_RE, (_, key: string) => escapeHtml(messages[key] as string));
}
