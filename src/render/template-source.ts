import path from 'node:path';
import type { ReadTemplateFile } from './template-files.ts';
import type { TemplateError } from './template-error.ts';

/** Where a line of an assembled template came from. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

/** A template with its partials inlined, and the origin of every line (index = line - 1). */
export interface AssembledSource {
  readonly text: string;
  readonly origins: readonly Origin[];
}

const INCLUDE_RE = /^\s*<mj-include\s+path="([^"]+)"\s*\/>\s*$/;
const MAX_DEPTH = 8;

/**
 * Inlines `<mj-include path="…" />` lines ourselves instead of letting MJML do it, so every
 * line keeps a file and line number for error messages, and translations are substituted
 * in partials too. An include must stand alone on its line.
 */
export async function assembleTemplate(
  read: ReadTemplateFile,
  entry: string,
): Promise<AssembledSource | TemplateError> {
  const lines: string[] = [];
  const origins: Origin[] = [];

  async function include(file: string, from: Origin | null, depth: number): Promise<TemplateError | null> {
    if (depth > MAX_DEPTH) {
      return { ...(from ?? { file }), message: `includes nested deeper than ${MAX_DEPTH} (a cycle?) at "${file}"` };
    }
    let text: string;
    try {
      text = await read(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
      return from ? { ...from, message: `included file "${file}": ${reason}` } : { file, message: `template ${reason}` };
    }
    const relative = path.posix.normalize(file);
    const own = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
    for (const [index, line] of own.entries()) {
      const origin = { file: relative, line: index + 1 };
      const match = INCLUDE_RE.exec(line);
      if (match) {
        const target = path.posix.join(path.posix.dirname(relative), match[1]!);
        const error = await include(target, origin, depth + 1);
        if (error) return error;
      } else {
        lines.push(line);
        origins.push(origin);
      }
    }
    return null;
  }

  const error = await include(entry, null, 0);
  return error ?? { text: lines.join('\n'), origins };
}

export function originOf(source: AssembledSource, line: number | undefined): Origin | undefined {
  return line === undefined ? undefined : source.origins[line - 1];
}

/** Replaces each line's text, keeping origins: the callback must not add or remove lines. */
export function mapLines(
  source: AssembledSource,
  fn: (line: string, origin: Origin) => string,
): AssembledSource {
  const lines = source.text.split('\n').map((line, i) => fn(line, source.origins[i]!));
  return { text: lines.join('\n'), origins: source.origins };
}
