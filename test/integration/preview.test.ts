import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, startTestPreview, type TestPreview } from '../helpers/preview-server.ts';

async function get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** The next `templates` event's version from an open SSE response. */
async function nextVersion(reader: ReadableStreamDefaultReader<Uint8Array>, buffer: { text: string }): Promise<number> {
  const decoder = new TextDecoder();
  for (;;) {
    const match = /event: templates\ndata: (\{[^\n]*\})\n\n/.exec(buffer.text);
    if (match) {
      buffer.text = buffer.text.slice(match.index + match[0].length);
      return (JSON.parse(match[1]!) as { version: number }).version;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error('event stream ended');
    buffer.text += decoder.decode(value, { stream: true });
  }
}

describe('the template preview server', () => {
  let preview: TestPreview;
  let base: string;

  beforeAll(async () => {
    preview = await startTestPreview();
    base = preview.server.url;
  });
  afterAll(() => preview.stop());

  it('lists every template × fixture × locale on the index, with the HTML size of each', async () => {
    const index = await get(base);
    expect(index.status).toBe(200);
    expect(index.body).toContain('All templates pass the check');
    for (const fixture of ['busy-day', 'light-day', 'tasks-only', 'long-names', 'dutch-recipient']) {
      for (const locale of ['en', 'nl']) expect(index.body).toContain(`href="/preview/briefing/${fixture}/${locale}"`);
    }
    expect(index.body).toMatch(/href="\/preview\/briefing\/busy-day\/en">en<\/a> <span class="ok">\d+\.\d KB<\/span>/);
  });

  it('shows one combination: subject, preheader, size, the email in a frame, the text part and the HTML source', async () => {
    const page = await get(`${base}/briefing/busy-day/nl`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<dd id="subject">Je Briefing voor dinsdag 24 november</dd>');
    expect(page.body).toMatch(/<dd id="preheader">20 vergaderingen/);
    expect(page.body).toMatch(/<dd id="size">\d+\.\d KB<\/dd>/);
    expect(page.body).not.toContain('size-warning');
    expect(page.body).toContain('src="/preview/briefing/busy-day/nl/email.html"');
    expect(page.body).toContain('style="width:800px"');
    expect(page.body).toMatch(/<pre id="text-part">Goedemorgen Ada/);
    // The source is shown as text, escaped, not as markup.
    expect(page.body).toMatch(/<pre id="html-source">&lt;!doctype html&gt;/i);

    const mobile = await get(`${base}/briefing/busy-day/nl?width=mobile`);
    expect(mobile.body).toContain('style="width:375px"');
    expect(mobile.body).toMatch(/id="width-mobile"[^>]*aria-current="true"/);

    const frame = await get(`${base}/briefing/busy-day/nl/email.html`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(frame.body).toContain('<html lang="nl"');
    expect(frame.body).toContain('https://briefing.example.test/unsubscribe/k1.');
  });

  it('warns when the HTML is over Gmail’s 102 KB clip', async () => {
    const busy = JSON.parse(await readFile(join(preview.templatesDir, 'fixtures/busy-day.json'), 'utf8'));
    const meeting = busy.day.meetings[1];
    busy.day.meetings = Array.from({ length: 600 }, (_, i) => ({ ...meeting, title: `Meeting number ${i} about a long subject` }));
    await writeFile(join(preview.templatesDir, 'fixtures/huge-day.json'), JSON.stringify(busy));
    const page = await eventually(async () => {
      const p = await get(`${base}/briefing/huge-day/en`);
      expect(p.status).toBe(200);
      return p;
    });
    const kb = Number(/<dd id="size">(\d+\.\d) KB/.exec(page.body)?.[1]);
    expect(kb).toBeGreaterThan(102);
    expect(page.body).toContain('id="size-warning"');
    expect(await get(base).then((i) => i.body)).toMatch(/huge-day\/en">en<\/a> <span class="bad">/);
  });

  it('pushes a new version over server-sent events when a template is saved, and serves the edit', async () => {
    const res = await fetch(`${base}/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const buffer = { text: '' };
    const first = await nextVersion(reader, buffer);

    await preview.edit('partials/header.mjml', (t) => t.replace('{{dateLabel}}', '{{dateLabel}} · edited in a test'));
    // The stream may repeat the current version (a reload of the previous test's save can
    // land right as we connect); what matters is that a newer one arrives.
    let second = await nextVersion(reader, buffer);
    while (second === first) second = await nextVersion(reader, buffer);
    expect(second).toBeGreaterThan(first);
    await reader.cancel();

    const frame = await get(`${base}/briefing/light-day/en/email.html`);
    expect(frame.body).toContain('· edited in a test');
    const page = await get(`${base}/briefing/light-day/en`);
    expect(page.body).toContain(`data-version="${second}"`);
  });

  it('shows an error panel with file and line for a Handlebars error, keeps running, and recovers when fixed', async () => {
    const before = await preview.edit('partials/tasks.mjml', (t) => t.replace('{{title}}', '{{title}'));
    const broken = await eventually(async () => {
      const p = await get(`${base}/briefing/tasks-only/en`);
      expect(p.status).toBe(500);
      return p;
    });
    expect(broken.body).toContain('id="error-panel"');
    expect(broken.body).toContain('<div class="where" id="error-where">partials/tasks.mjml:8</div>');
    expect(broken.body).toContain('Handlebars: Parse error');
    // The lines around it, the broken one marked.
    expect(broken.body).toMatch(/<span class="hit">\s+8 \| .*\{\{title\}&lt;\/a&gt;/);
    // The page still listens for the fix.
    expect(broken.body).toContain('new EventSource');
    expect((await get(base)).body).toMatch(/partials\/tasks\.mjml:8: Handlebars/);

    await preview.edit('partials/tasks.mjml', () => before);
    await eventually(async () => expect((await get(`${base}/briefing/tasks-only/en`)).status).toBe(200));
  });

  it('points at the line of invalid MJML, with the element it probably meant', async () => {
    const before = await preview.edit('briefing.mjml', (t) => t.replace('<mj-column>', '<mj-column>\n        <mj-colum>oops</mj-colum>'));
    const line = before.split('\n').findIndex((l) => l.includes('<mj-column>')) + 2;
    const broken = await eventually(async () => {
      const p = await get(`${base}/briefing/light-day/nl`);
      expect(p.status).toBe(500);
      return p;
    });
    expect(broken.body).toContain(`id="error-where">briefing.mjml:${line}</div>`);
    expect(broken.body).toContain('unknown MJML element &lt;mj-colum&gt; (did you mean &lt;mj-column&gt;?)');
    await preview.edit('briefing.mjml', () => before);
    await eventually(async () => expect((await get(`${base}/briefing/light-day/nl`)).status).toBe(200));
  });

  it('names the locale file and where the key is used when a translation is missing, and other locales keep working', async () => {
    const before = await preview.edit('locales/nl.json', (t) => {
      const messages = JSON.parse(t) as Record<string, unknown>;
      delete messages.tasksHeading;
      return JSON.stringify(messages, null, 2);
    });
    const broken = await eventually(async () => {
      const p = await get(`${base}/briefing/tasks-only/nl`);
      expect(p.status).toBe(500);
      return p;
    });
    expect(broken.body).toContain('id="error-where">locales/nl.json</div>');
    expect(broken.body).toContain('missing translation &quot;tasksHeading&quot; (used at partials/tasks.mjml:3)');
    expect((await get(`${base}/briefing/tasks-only/en`)).status).toBe(200);
    await preview.edit('locales/nl.json', () => before);
    await eventually(async () => expect((await get(`${base}/briefing/tasks-only/nl`)).status).toBe(200));
  });

  it('shows a fixture that is not valid JSON as an error with its line', async () => {
    await preview.edit('fixtures/light-day.json', (t) => t.replace('"enabled": true', '"enabled": true,'));
    const broken = await get(`${base}/briefing/light-day/en`);
    expect(broken.status).toBe(500);
    expect(broken.body).toMatch(/id="error-where">fixtures\/light-day\.json:\d+<\/div>/);
    expect(broken.body).toContain('not valid JSON');
  });
});
