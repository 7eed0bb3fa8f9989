import { html } from 'hono/html';
import type { TemplateError } from '../../render/template-error.ts';
import { GMAIL_CLIP_BYTES, type PreviewResult } from '../render-combination.ts';
import { errorPanel, type SourceLine } from './error-panel.ts';
import { kilobytes } from './index-page.ts';
import { BASE, layout, type Html } from './layout.ts';
import { orgStateLine, type OrgPreviewState } from '../org-state.ts';

export const WIDTHS = { desktop: 800, mobile: 375 } as const;
export type Width = keyof typeof WIDTHS;

export interface CombinationModel {
  readonly version: number;
  readonly template: string;
  readonly fixture: string;
  readonly locale: string;
  readonly locales: readonly string[];
  readonly width: Width;
  readonly result: PreviewResult;
  readonly excerpt: readonly SourceLine[];
  readonly problems: readonly TemplateError[];
  /** Where "Send test" goes: "smtp://…" or "outbox /path". */
  readonly sendTarget: string;
  /** The organisation's data controls the preview applied (or why it could not read them). */
  readonly org: OrgPreviewState;
}

export function combinationPath(template: string, fixture: string, locale: string): string {
  return `${BASE}/${template}/${fixture}/${locale}`;
}

export function combinationPage(m: CombinationModel): Html {
  const self = combinationPath(m.template, m.fixture, m.locale);
  const title = `${m.template} / ${m.fixture} / ${m.locale}`;
  const body = html`<h1>${title}</h1>
<nav class="toolbar">
  <span>Width:</span>
  ${(Object.keys(WIDTHS) as Width[]).map(
    (w) => html`<a class="width" id="width-${w}" href="?width=${w}" data-width="${WIDTHS[w]}" aria-current="${w === m.width ? 'true' : 'false'}">${w === 'desktop' ? 'Desktop' : 'Mobile'} (${WIDTHS[w]} px)</a>`,
  )}
  <span>Locale:</span>
  ${m.locales.map((l) => (l === m.locale ? html`<strong>${l}</strong>` : html`<a href="${combinationPath(m.template, m.fixture, l)}?width=${m.width}">${l}</a>`))}
</nav>
${m.result.ok ? preview(m, self) : errorPanel(m.result.error, m.excerpt, m.problems)}`;
  return layout(title, body, { version: m.version, script: m.result.ok ? widthScript : undefined });
}

function preview(m: CombinationModel, self: string): Html {
  if (!m.result.ok) return html``;
  const r = m.result;
  const tooBig = r.htmlBytes > GMAIL_CLIP_BYTES;
  return html`<dl class="meta">
  <dt>Subject</dt><dd id="subject">${r.subject}</dd>
  <dt>Preheader</dt><dd id="preheader">${r.preheader}</dd>
  <dt>Data controls</dt><dd id="org-controls">${orgStateLine(m.org)}</dd>
  <dt>To</dt><dd>${r.fixture.recipient.name} &lt;${r.fixture.recipient.email}&gt;</dd>
  <dt>HTML size</dt><dd id="size">${kilobytes(r.htmlBytes)}${tooBig
    ? html` <span class="warn" id="size-warning">over Gmail's 102 KB: Gmail will clip this email ("[Message clipped]")</span>`
    : ''}</dd>
</dl>
<form class="toolbar" method="post" action="${self}/send">
  <label>Send a test to <input type="email" name="to" placeholder="${r.fixture.recipient.email}"></label>
  <button type="submit" id="send-test">Send test</button>
  <span>via ${m.sendTarget}</span>
</form>
<div class="frame-wrap">
  <iframe class="email" id="email-frame" title="The email as HTML" src="${self}/email.html"
    sandbox="allow-popups allow-popups-to-escape-sandbox" data-width="${m.width}" style="width:${WIDTHS[m.width]}px"></iframe>
</div>
<h2>Plain-text part</h2>
<pre id="text-part">${r.text}</pre>
<details><summary>HTML source (${kilobytes(r.htmlBytes)})</summary><pre id="html-source">${r.html}</pre></details>`;
}

/** Without JS the width links reload the page; with it they only resize the frame. */
const widthScript = html`<script>
document.querySelectorAll('a.width').forEach((link) => link.addEventListener('click', (event) => {
  event.preventDefault();
  const frame = document.getElementById('email-frame');
  frame.style.width = link.dataset.width + 'px';
  frame.dataset.width = link.id.slice('width-'.length);
  document.querySelectorAll('a.width').forEach((l) => l.setAttribute('aria-current', String(l === link)));
  history.replaceState(null, '', link.getAttribute('href'));
}));
</script>`;
