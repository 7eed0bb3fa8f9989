import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's folder, found from this file both in the sources (`src/paths.ts`) and in the
 * build (`dist/src/paths.js`): files the code reads at run time (templates) are not compiled,
 * so there is one copy of them, at the root.
 */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}: is the package complete?`);
    dir = parent;
  }
  return dir;
}

/** The templates shipped with the package (briefing.mjml, partials, locales, fixtures). */
export const TEMPLATES_DIR = path.join(packageRoot(), 'templates');
