import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { startTestPreview, type TestPreview } from '../helpers/preview-server.ts';

const text = async (url: string) => (await fetch(url)).text();

describe('the preview and the organisation data controls', () => {
  let stack: TestStack;
  let preview: TestPreview | undefined;

  beforeEach(async () => {
    stack = await createTestStack();
  });
  afterEach(async () => {
    await preview?.stop();
    preview = undefined;
    await stack.stop();
  });

  it('shows the controls in effect on the page and leaves the sections turned off out of the email', async () => {
    preview = await startTestPreview({}, { org: async () => ({ settings: await stack.services.orgSettings.get() }) });
    const page = `${preview.server.url}/briefing/busy-day/en`;
    const before = await text(page);
    expect(before).toContain('Send the board memo');
    expect(before).toMatch(/id="org-controls">every section on; remote feeds \(http\(s\) calendars and content files\) on/);

    await stack.services.orgSettings.change({ off: ['tasks'], remoteFeeds: false }, 'cli');
    const after = await text(page);
    expect(after).toMatch(/id="org-controls">sections off for everyone: tasks; remote feeds \(http\(s\) calendars and content files\) off: not fetched/);
    expect(after).not.toContain('Send the board memo');
    expect(await text(`${page}/email.html`)).not.toContain('Send the board memo');
    // What was not turned off is still there.
    expect(after).toContain('Reply to Charles about the Difference Engine');
  });

  it('says so when it could not read the controls, and shows every section', async () => {
    preview = await startTestPreview();
    const page = await text(`${preview.server.url}/briefing/busy-day/en`);
    expect(page).toMatch(/id="org-controls">not read \(the preview was started without Redis\): shown with every section on/);
    expect(page).toContain('Send the board memo');
  });
});
