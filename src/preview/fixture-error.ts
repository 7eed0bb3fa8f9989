import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fixturesDir } from '../render/fixtures.ts';
import type { TemplateError } from '../render/template-error.ts';

/** A fixture that does not parse is a template-folder error like any other: file and line. */
export async function fixtureError(templatesDir: string, name: string, error: Error): Promise<TemplateError> {
  const file = `fixtures/${name}.json`;
  if (!(error instanceof SyntaxError)) {
    // loadFixture names the absolute path; the panel names files relative to templates/.
    return { file, message: error.message.replace(/^.*?fixtures[/\\][^:]+\.json: /, '') };
  }
  // JSON.parse only says "at position N": count the lines up to there ourselves.
  const position = /at position (\d+)/.exec(error.message);
  let line: number | undefined;
  if (position) {
    const source = await readFile(path.join(fixturesDir(templatesDir), `${name}.json`), 'utf8').catch(() => '');
    line = source.slice(0, Number(position[1])).split('\n').length;
  }
  return { file, line, message: `not valid JSON: ${error.message}` };
}
