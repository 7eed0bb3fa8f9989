import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rawGet, startTestPreview, type TestPreview } from '../helpers/preview-server.ts';

describe('the preview guards every name it takes from a URL', () => {
  let preview: TestPreview;

  beforeAll(async () => {
    preview = await startTestPreview();
    // Bait outside the folders the preview serves: a valid fixture and a real-looking message.
    await copyFile(join(preview.templatesDir, 'fixtures/light-day.json'), join(preview.dir, 'bait.json'));
    await copyFile(join(preview.templatesDir, 'fixtures/light-day.json'), join(preview.templatesDir, 'bait.json'));
    await writeFile(join(preview.dir, 'secret.eml'), 'Subject: TOP SECRET\r\n\r\nTOP SECRET BODY\r\n');
    await writeFile(join(preview.outboxDir, 'real.eml'), 'Subject: hello\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n');
  });
  afterAll(() => preview.stop());

  const attempts = [
    // fixture names
    '/preview/briefing/..%2Fbait/en',
    '/preview/briefing/..%2F..%2Fbait/en',
    '/preview/briefing/%2e%2e%2fbait/en',
    '/preview/briefing/%2E%2E%2F%2E%2E%2Fbait/en/email.html',
    '/preview/briefing/..%5C..%5Cbait/en',
    '/preview/briefing/%252e%252e%252fbait/en',
    '/preview/briefing/../bait/en',
    // locale names
    '/preview/briefing/light-day/..%2Flocales%2Fen',
    '/preview/briefing/light-day/%2e%2e',
    // template names
    '/preview/..%2Fbriefing/light-day/en',
    // outbox file names
    '/preview/outbox/..%2Fsecret.eml',
    '/preview/outbox/%2e%2e%2fsecret.eml',
    '/preview/outbox/%2e%2e%2fsecret.eml/html',
    '/preview/outbox/..%5Csecret.eml',
    '/preview/outbox/../secret.eml',
    '/preview/outbox/%2e%2e/secret.eml',
    '/preview/outbox/%252e%252e%252fsecret.eml',
    '/preview/outbox/.%2E%2Fsecret.eml',
    '/preview/outbox/real.eml%00',
  ];

  it.each(attempts)('refuses %s with 404/400 and shows nothing outside its folders', async (path) => {
    const res = await rawGet(preview.server.port, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('TOP SECRET');
    expect(res.body).not.toContain('Subject');
  });

  it('still serves the real names (the guard is not simply refusing everything)', async () => {
    expect((await rawGet(preview.server.port, '/preview/briefing/light-day/en')).status).toBe(200);
    expect((await rawGet(preview.server.port, '/preview/outbox/real.eml')).status).toBe(200);
    expect((await rawGet(preview.server.port, '/preview/outbox/real.eml/html')).body).toContain('<p>hello</p>');
  });
});
