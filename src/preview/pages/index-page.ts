import { html } from 'hono/html';
import { formatTemplateError, type TemplateError } from '../../render/template-error.ts';
import { GMAIL_CLIP_BYTES } from '../render-combination.ts';
import { problemList } from './error-panel.ts';
import { BASE, layout, type Html } from './layout.ts';

export type CellStatus = { readonly ok: true; readonly htmlBytes: number } | { readonly ok: false; readonly error: TemplateError };

export interface IndexModel {
  readonly version: number;
  readonly templates: readonly string[];
  readonly fixtures: readonly string[];
  readonly locales: readonly string[];
  readonly cells: ReadonlyMap<string, CellStatus>;
  readonly problems: readonly TemplateError[];
}

export function cellKey(template: string, fixture: string, locale: string): string {
  return `${template}/${fixture}/${locale}`;
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function indexPage(m: IndexModel): Html {
  const body = html`<h1>Templates × fixtures × locales</h1>
${m.problems.length === 0
  ? html`<p class="ok" id="check-status">All templates pass the check (MJML strict, every key in every locale).</p>`
  : html`<div class="error-panel" id="check-status"><h2>${m.problems.length} template problem${m.problems.length === 1 ? '' : 's'}</h2>${problemList(m.problems)}</div>`}
${m.templates.map(
  (template) => html`<h2>${template}</h2>
<table class="grid"><thead><tr><th>fixture</th>${m.locales.map((l) => html`<th>${l}</th>`)}</tr></thead>
<tbody>${m.fixtures.map(
    (fixture) => html`<tr><th>${fixture}</th>${m.locales.map((locale) => cell(template, fixture, locale, m.cells.get(cellKey(template, fixture, locale))))}</tr>`,
  )}</tbody></table>`,
)}
<p>Fixtures are the JSON files in <code>templates/fixtures/</code>; add one and it appears here.</p>`;
  return layout('Templates', body, { version: m.version });
}

function cell(template: string, fixture: string, locale: string, status: CellStatus | undefined): Html {
  const href = `${BASE}/${template}/${fixture}/${locale}`;
  if (!status) return html`<td><a href="${href}">open</a></td>`;
  if (!status.ok) {
    return html`<td><a href="${href}" class="bad" title="${formatTemplateError(status.error)}">error</a></td>`;
  }
  const tooBig = status.htmlBytes > GMAIL_CLIP_BYTES;
  return html`<td><a href="${href}">${locale}</a> <span class="${tooBig ? 'bad' : 'ok'}">${kilobytes(status.htmlBytes)}</span></td>`;
}
