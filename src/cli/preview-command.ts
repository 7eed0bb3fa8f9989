import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../paths.ts';
import { out, UsageError, type CliContext } from './cli-context.ts';
import { onStopSignal } from './stop-signals.ts';
import type { OrgStateReader } from '../preview/org-state.ts';

/**
 * The organisation's data controls for the preview's pages, from Redis when it answers. A
 * developer without Redis still gets the preview: the page says the controls were not read.
 */
async function orgReader(ctx: CliContext): Promise<OrgStateReader> {
  try {
    const { store, client } = await ctx.connectStore();
    // Redis going away later is said on the page (the read fails), not as ioredis' unhandled errors.
    client.on('error', () => undefined);
    return () =>
      store.orgSettings.get().then(
        (settings) => ({ settings }),
        (err: Error) => ({ unavailable: `not read (Redis: ${err.message})` }),
      );
  } catch (err) {
    // Stop the connection trying again in the background for the life of the preview.
    await ctx.close({ abrupt: true });
    const unavailable = `not read (${(err as Error).message.split('\n')[0]})`;
    return () => Promise.resolve({ unavailable });
  }
}

export function registerPreviewCommand(program: Command, ctx: CliContext): void {
  program
    .command('preview')
    .description('the template preview for developers, on PORT under /preview, reloading on every save (never in production)')
    .option('--templates <dir>', 'the templates folder to preview', TEMPLATES_DIR)
    .action(async (opts: { templates: string }) => {
      // Checked before the rest of the environment: production settings (keys…) are beside the point here.
      if (ctx.nodeEnv === 'production') {
        throw new UsageError(
          'preview is a development tool and is off when NODE_ENV=production: run it on a development machine (NODE_ENV unset or development)',
        );
      }
      const config = ctx.config;
      const templatesDir = path.resolve(opts.templates);
      if (!existsSync(path.join(templatesDir, 'briefing.mjml'))) {
        throw new UsageError(`--templates ${opts.templates}: no briefing.mjml in that folder`);
      }
      const { startPreviewServer } = await import('../preview/start-preview-server.ts');
      const org = await orgReader(ctx);
      const server = await startPreviewServer({ config, templatesDir, port: config.port, logger: ctx.logger, org });
      out(`Template preview on ${server.url} (templates: ${templatesDir}; mail: ${config.smtpUrl ? 'SMTP_URL' : `outbox ${config.outboxDir}`}). Ctrl-C stops it.`);
      await new Promise<void>((resolve) => onStopSignal(() => resolve()));
      await server.close();
    });
}
