import type { Command } from 'commander';
import path from 'node:path';
import { TEMPLATES_DIR } from '../paths.ts';
import { out, UsageError, type CliContext } from './cli-context.ts';

export function registerCheckTemplatesCommand(program: Command, _ctx: CliContext): void {
  program
    .command('check-templates')
    .description('check the templates: tags, MJML elements and attributes, Handlebars helpers and syntax, MJML strict validation, every key in every locale, fixtures (npm run check:templates)')
    .option('--templates <dir>', 'the templates folder to check', TEMPLATES_DIR)
    .action(async (opts: { templates: string }) => {
      const { findTemplateProblems } = await import('../preview/find-template-problems.ts');
      const templatesDir = path.resolve(opts.templates);
      const problems = await findTemplateProblems(templatesDir);
      const shown = path.relative(process.cwd(), templatesDir) || '.';
      for (const p of problems) {
        // file:line: message, the form editors and terminals turn into a link.
        const where = `${path.join(shown, p.file)}${p.line === undefined ? '' : `:${p.line}`}`;
        process.stderr.write(`${where}: ${p.message.replace(/\n/g, '\n    ')}\n`);
      }
      if (problems.length > 0) {
        throw new UsageError(`${problems.length} template problem${problems.length === 1 ? '' : 's'} in ${shown}: fix them and run the check again`);
      }
      out(`templates OK: ${shown}`);
    });
}
