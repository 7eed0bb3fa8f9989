import { checkTemplates } from '../render/check-templates.ts';
import { listFixtures, loadFixture } from '../render/fixtures.ts';
import type { TemplateError } from '../render/template-error.ts';
import { fixtureError } from './fixture-error.ts';

/**
 * What `check:templates` fails on: the render module's check (MJML strict, Handlebars syntax,
 * every locale key in every locale) plus fixtures that do not load, since the preview and the
 * snapshot tests both stand on them.
 */
export async function findTemplateProblems(templatesDir: string): Promise<TemplateError[]> {
  const problems = await checkTemplates(templatesDir);
  let names: string[] = [];
  try {
    names = await listFixtures(templatesDir);
  } catch (error) {
    problems.push({ file: 'fixtures', message: `cannot list fixtures: ${(error as Error).message}` });
  }
  for (const name of names) {
    try {
      await loadFixture(name, templatesDir);
    } catch (error) {
      problems.push(await fixtureError(templatesDir, name, error as Error));
    }
  }
  return problems;
}
