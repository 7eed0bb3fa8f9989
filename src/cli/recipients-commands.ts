import type { Command } from 'commander';
import { out, outJson, type CliContext } from './cli-context.ts';
import { table } from './options.ts';

export function registerRecipientCommands(program: Command, ctx: CliContext): void {
  const recipients = program.command('recipients').description('load and list the roster');

  recipients
    .command('import')
    .argument('<file>', 'a JSON array or a CSV file of recipients')
    .description('upsert recipients by id; an invalid file is rejected whole, with line numbers, and nothing is written')
    .action(async (file: string) => {
      const { readRosterFile } = await import('../recipients/import-roster.ts');
      const parsed = await readRosterFile(file, { defaultTimeZone: ctx.config.defaultTimeZone });
      const services = await ctx.connect();
      const { created, updated } = await services.roster.upsertMany(parsed);
      out(`imported ${parsed.length} recipient${parsed.length === 1 ? '' : 's'} from ${file}: ${created} new, ${updated} updated`);
    });

  recipients
    .command('list')
    .option('--json', 'one JSON document on stdout')
    .description('the roster')
    .action(async (opts: { json?: boolean }) => {
      const services = await ctx.connect();
      const all = [];
      for await (const batch of services.roster.batches()) all.push(...batch.map(({ seq: _seq, lastSent: _last, ...r }) => r));
      all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      if (opts.json) return outJson(all);
      if (all.length === 0) return out('the roster is empty: load one with `briefing recipients import FILE`');
      out(
        table([
          ['ID', 'EMAIL', 'LOCALE', 'TIME ZONE', 'SEND AT', 'WORKDAYS', 'ENABLED'],
          ...all.map((r) => [r.id, r.email, r.locale, r.timeZone, r.sendAt, r.workdays.join(' '), r.enabled ? 'yes' : 'no']),
        ]),
      );
      out(`${all.length} recipient${all.length === 1 ? '' : 's'}`);
    });
}
