// Runs MJML in a worker thread (see mjml-to-html.ts for why). Plain JavaScript on purpose:
// the thread must start without the TypeScript loader of the main thread.
import { parentPort } from 'node:worker_threads';
import mjml2html from 'mjml';
import { components } from 'mjml-core';

parentPort.on('message', async ({ id, text, options, describe }) => {
  if (describe) {
    // The registered elements, for the template check: their attributes, and which hold HTML.
    const elements = Object.fromEntries(
      Object.entries(components).map(([name, C]) => [name, { attributes: Object.keys(C.allowedAttributes ?? {}), endingTag: Boolean(C.endingTag) }]),
    );
    return parentPort.postMessage({ id, ok: true, elements });
  }
  try {
    // mjml 5 returns a Promise.
    const result = await mjml2html(text, options);
    parentPort.postMessage({ id, ok: true, html: result.html });
  } catch (error) {
    const details = Array.isArray(error?.errors)
      ? error.errors.map((d) => ({ line: d.line, message: String(d.message) }))
      : undefined;
    parentPort.postMessage({ id, ok: false, message: String(error?.message ?? error), details });
  }
});
