import { html } from 'hono/html';
import { formatTemplateError, type TemplateError } from '../../render/template-error.ts';
import { templateFiles } from '../../render/template-files.ts';
import type { Html } from './layout.ts';

export interface SourceLine {
  readonly number: number;
  readonly text: string;
}

const CONTEXT_LINES = 3;

/** The lines around an error, read from the file the developer edits (none when unknown). */
export async function sourceExcerpt(templatesDir: string, error: TemplateError): Promise<SourceLine[]> {
  if (error.line === undefined) return [];
  try {
    const lines = (await templateFiles(templatesDir)(error.file)).replace(/\r?\n$/, '').split(/\r?\n/);
    const from = Math.max(1, error.line - CONTEXT_LINES);
    const to = Math.min(lines.length, error.line + CONTEXT_LINES);
    return lines.slice(from - 1, to).map((text, i) => ({ number: from + i, text }));
  } catch {
    return [];
  }
}

/** Shown instead of the email: where it broke, the lines around it, and every other problem. */
export function errorPanel(error: TemplateError, excerpt: readonly SourceLine[], others: readonly TemplateError[]): Html {
  const rest = others.filter((e) => formatTemplateError(e) !== formatTemplateError(error));
  return html`<section class="error-panel" id="error-panel" role="alert">
  <h2>Template error</h2>
  <div class="where" id="error-where">${error.file}${error.line === undefined ? '' : `:${error.line}`}</div>
  <pre id="error-message">${error.message}</pre>
  ${excerpt.length === 0
    ? ''
    : html`<pre class="excerpt">${excerpt.map(
        (l) => html`<span class="${l.number === error.line ? 'hit' : ''}">${String(l.number).padStart(4)} | ${l.text}</span>\n`,
      )}</pre>`}
  ${rest.length === 0 ? '' : html`<h2>Other problems</h2>${problemList(rest)}`}
  <p>Fix the file and save: this page reloads by itself.</p>
</section>`;
}

export function problemList(problems: readonly TemplateError[]): Html {
  return html`<ul class="problems">${problems.map((p) => html`<li><code>${formatTemplateError(p)}</code></li>`)}</ul>`;
}
