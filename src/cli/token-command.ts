import type { Command } from 'commander';
import { out, UsageError, type CliContext } from './cli-context.ts';

export function registerTokenCommand(program: Command, ctx: CliContext): void {
  program
    .command('token')
    .argument('<id>', 'recipient id')
    .description("print the recipient's unsubscribe URL (for support)")
    .action(async (id: string) => {
      const [services, { unsubscribeUrl }] = await Promise.all([ctx.connect(), import('../unsubscribe/unsubscribe-url.ts')]);
      if (!(await services.roster.get(id))) throw new UsageError(`not on the roster: ${id}`);
      out(unsubscribeUrl(ctx.config.publicUrl, services.tokens.sign(id)));
    });
}
