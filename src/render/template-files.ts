import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Reads a file of the templates folder by its relative path (`partials/footer.mjml`). */
export type ReadTemplateFile = (relativePath: string) => Promise<string>;

/**
 * `overrides` replaces files by relative path without touching the disk: tests use it to
 * break a template on purpose, a preview server could use it for unsaved edits.
 */
export function templateFiles(
  templatesDir: string,
  overrides: Readonly<Record<string, string>> = {},
): ReadTemplateFile {
  const root = path.resolve(templatesDir);
  return async (relativePath) => {
    const absolute = path.resolve(root, relativePath);
    // Include paths are text in templates: they must not reach files outside the folder.
    if (!absolute.startsWith(root + path.sep)) throw new Error(`"${relativePath}" is outside the templates folder`);
    const key = path.relative(root, absolute).split(path.sep).join('/');
    return overrides[key] ?? readFile(absolute, 'utf8');
  };
}
