import { Command, CommanderError } from 'commander';
import { CliContext } from './cli-context.ts';
import { registerRecipientCommands } from './recipients-commands.ts';
import { registerSendCommands } from './send-commands.ts';
import { registerStatusCommand } from './status-command.ts';
import { registerRenderCommand } from './render-command.ts';
import { registerTokenCommand } from './token-command.ts';
import { registerScheduleCommands } from './schedule-commands.ts';
import { registerOptOutCommands } from './optouts-commands.ts';
import { registerRunCommands } from './run-commands.ts';
import { registerPreviewCommand } from './preview-command.ts';
import { registerCheckTemplatesCommand } from './check-templates-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerOrgCommands } from './org-commands.ts';

/**
 * The commands. Registering one must stay cheap: a command file imports what its action
 * needs inside the action (`await import(…)`), so `briefing --help` loads commander alone.
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('briefing')
    .description('Daily Briefing emails: meetings, tasks, follow-ups and focus time, with one-click unsubscribe.')
    .showHelpAfterError('(run `briefing --help` for the commands)')
    .exitOverride()
    .hook('preAction', () => ctx.prepare());
  registerRunCommands(program, ctx);
  registerRecipientCommands(program, ctx);
  registerSendCommands(program, ctx);
  registerStatusCommand(program, ctx);
  registerRenderCommand(program, ctx);
  registerTokenCommand(program, ctx);
  registerScheduleCommands(program, ctx);
  registerOptOutCommands(program, ctx);
  registerOrgCommands(program, ctx);
  registerPreviewCommand(program, ctx);
  registerCheckTemplatesCommand(program, ctx);
  registerKeysCommand(program);
  registerMigrateCommand(program, ctx);
  return program;
}

/** Runs one command. Any failure: a message on stderr and a non-zero exit code. */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<void> {
  const ctx = new CliContext(env);
  let redisLost = false;
  try {
    await buildProgram(ctx).parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed its own message (or the help/version) already.
      process.exitCode = err.exitCode;
    } else {
      const explained = await ctx.explain(err).catch(() => undefined);
      redisLost = explained !== undefined;
      process.stderr.write(`briefing: ${(explained ?? (err as Error)).message}\n`);
      process.exitCode = 1;
    }
  } finally {
    await ctx.close({ abrupt: redisLost }).catch(() => undefined);
  }
}
