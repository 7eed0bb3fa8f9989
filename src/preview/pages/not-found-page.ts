import { html } from 'hono/html';
import { BASE, layout, type Html } from './layout.ts';

export function notFoundPage(): Html {
  return layout('Not found', html`<h1>Not found</h1><p>There is no such template, fixture, locale or outbox file. <a href="${BASE}">Pick one from the index</a>.</p>`);
}
