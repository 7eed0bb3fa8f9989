import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isLocale, locales } from '../render/locale-names.ts';
import { TEMPLATES_DIR } from '../paths.ts';
import { out, UsageError, type CliContext } from './cli-context.ts';
import { parseDateOption } from './options.ts';

export function registerRenderCommand(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description('render a briefing without sending it (HTML to stdout, or --out FILE.html | .txt | .eml)')
    .requiredOption('--recipient <id>', 'recipient id')
    .requiredOption('--date <YYYY-MM-DD>', 'the recipient’s local date', parseDateOption)
    .option('--locale <locale>', `render in another language (${locales().join(', ')})`)
    .option('--out <file>', '.html, .txt or .eml (the whole MIME message)')
    .action(async (opts: { recipient: string; date: string; locale?: string; out?: string }) => {
      if (opts.locale !== undefined && !isLocale(opts.locale)) {
        throw new UsageError(`--locale ${JSON.stringify(opts.locale)}: expected one of ${locales().join(', ')}`);
      }
      const kind = opts.out ? extname(opts.out).toLowerCase() : '.html';
      if (!['.html', '.htm', '.txt', '.eml'].includes(kind)) throw new UsageError(`--out ${opts.out}: expected a .html, .txt or .eml file`);
      const services = await ctx.connect();
      const [{ createContentSource }, { createRenderer }, { composeBriefing }, { default: nodemailer }, { withoutOrgSections, withoutRemoteFeeds }] = await Promise.all([
        import('../content/content-source.ts'),
        import('../render/renderer.ts'),
        import('../compose/compose-briefing.ts'),
        import('nodemailer'),
        import('../org/org-settings.ts'),
      ]);
      const stored = await services.roster.get(opts.recipient);
      if (!stored) throw new UsageError(`not on the roster: ${opts.recipient}`);
      const locale = opts.locale && isLocale(opts.locale) ? opts.locale : undefined;
      // As the worker would send it: the organisation's data controls apply.
      const org = await services.orgSettings.get();
      const day = withoutOrgSections(await createContentSource().load(withoutRemoteFeeds(locale ? { ...stored, locale } : stored, org), opts.date), org);
      const renderer = await createRenderer({ templatesDir: TEMPLATES_DIR, accentColor: ctx.config.branding.accentColor });
      const result = composeBriefing({ renderer, tokens: services.tokens, settings: ctx.config, branding: ctx.config.branding }, { recipient: stored, day, locale });
      if (!result.ok) throw new Error(result.description);
      let body: string | Buffer = kind === '.txt' ? result.text : result.html;
      if (kind === '.eml') {
        const info = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }).sendMail(result.message);
        body = info.message as Buffer;
      }
      if (!opts.out) return out(String(body));
      await writeFile(opts.out, body);
      out(`wrote ${opts.out} (${Math.round(Buffer.byteLength(body) / 102.4) / 10} KB): ${result.subject}`);
    });
}
