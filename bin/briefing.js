#!/usr/bin/env node
// Runs the compiled build in dist/ (`npm run build`, which `npm ci` runs) when it is up to
// date with the sources, so a command starts as plain JavaScript. Otherwise, and with
// BRIEFING_FROM_SOURCE=1 (the tests), it runs the TypeScript sources through tsx's loader:
// an edited file is never shadowed by an older build.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function mtime(url) {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time under a folder; 0 when it does not exist (a production image has no sources). */
function newestUnder(url) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(url, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const child = new URL(entry.isDirectory() ? `${entry.name}/` : entry.name, url);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(child) : (mtime(child) ?? 0));
  }
  return newest;
}

function buildState() {
  const stamp = mtime(new URL('dist/.build-stamp', root));
  if (stamp === undefined) return 'none';
  const sources = Math.max(newestUnder(new URL('src/', root)), newestUnder(new URL('workers/', root)));
  return sources <= stamp ? 'current' : 'stale';
}

const state = process.env.BRIEFING_FROM_SOURCE === '1' ? 'skipped' : buildState();
let main;
if (state === 'current') {
  ({ main } = await import('../dist/src/cli/main.js'));
} else {
  if (state === 'stale' && process.stderr.isTTY) {
    process.stderr.write('briefing: dist/ is older than the sources: running them through tsx (slower); `npm run build` updates it\n');
  }
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('briefing: no up-to-date build in dist/ and tsx is not installed to run the sources: run `npm run build` (or `npm ci`)\n');
    process.exit(1);
  }
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
