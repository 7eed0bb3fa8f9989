/**
 * What went wrong in a template, pointing at the file a developer edits. `file` is relative
 * to the templates folder (e.g. `partials/meetings.mjml`, `locales/nl.json`).
 */
export interface TemplateError {
  readonly file: string;
  /** 1-based line in `file`, when the tool that failed told us one. */
  readonly line?: number;
  readonly message: string;
  /** The translation key concerned, for missing or mismatched strings. */
  readonly key?: string;
}

export function formatTemplateError(error: TemplateError): string {
  return `${error.file}${error.line === undefined ? '' : `:${error.line}`}: ${error.message}`;
}
