import mjml2html from 'mjml';
import type { AssembledSource } from './template-source.ts';
import { originOf } from './template-source.ts';
import type { TemplateError } from './template-error.ts';

/**
 * The one set of MJML options: the compiled-once path and the tests' compile-per-email
 * reference path must use the same ones. Minification runs here, at compile time, never per
 * email. CSS goes through cssnano 7's "lite" preset (MJML's own default): whitespace and
 * comments only, no rule merging, which some mail clients mishandle; the full preset saved
 * only ~50 bytes more. keepComments false drops our own comments but never Outlook's
 * conditional comments.
 */
const OPTIONS = {
  validationLevel: 'strict',
  minify: true,
  minifyOptions: { minifyCss: 'lite' },
  keepComments: false,
  fonts: {},
} as const;

export type MjmlResult = { ok: true; html: string } | { ok: false; errors: TemplateError[] };

export async function mjmlToHtml(source: AssembledSource, entry: string): Promise<MjmlResult> {
  try {
    // mjml 5 returns a Promise.
    const result = await mjml2html(source.text, OPTIONS);
    return { ok: true, html: result.html };
  } catch (error) {
    const details = (error as { errors?: { line?: number; message: string; tagName?: string }[] }).errors;
    if (Array.isArray(details) && details.length > 0) {
      return {
        ok: false,
        errors: details.map((d) => {
          const origin = originOf(source, d.line);
          return { file: origin?.file ?? entry, line: origin?.line, message: `MJML: ${d.message}` };
        }),
      };
    }
    return { ok: false, errors: [{ file: entry, message: `MJML: ${(error as Error).message}` }] };
  }
}
