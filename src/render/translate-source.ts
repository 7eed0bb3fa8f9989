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
