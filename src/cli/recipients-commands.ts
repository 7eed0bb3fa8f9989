import type { Command } from 'commander';
import { out, type CliContext } from './cli-context.ts';
import { progressLine } from './progress-line.ts';
import { SORTED_ROWS, writeJsonArray, writeTable } from './stream-out.ts';
import type { StoredRecipient } from '../store/recipient-fields.ts';
import type { Recipient } from '../recipients/recipient.ts';

const percent = (part: number, whole: number) => `${whole > 0 ? Math.floor((100 * part) / whole) : 100}%`;
const asImported = ({ seq: _seq, lastSent: _last, joined: _joined, ...r }: StoredRecipient): Recipient => r;

async function* mapBatches<T, U>(batches: AsyncIterable<readonly T[]>, f: (t: T) => U): AsyncIterable<U[]> {
  for await (const batch of batches) yield batch.map(f);
}

export function registerRecipientCommands(program: Command, ctx: CliContext): void {
  const recipients = program.command('recipients').description('load and list the roster');

  recipients
    .command('import')
    .argument('<file>', 'a JSON array or a CSV file of recipients')
    .description('upsert recipients by id; the whole file is checked first: an invalid one is rejected whole, with line numbers, and nothing is written')
    .action(async (file: string) => {
      const { importRosterFile } = await import('../recipients/import-roster.ts');
      const progress = progressLine(process.stderr, 'briefing recipients import');
      try {
        const done = await importRosterFile(
          file,
          {
            defaultTimeZone: ctx.config.defaultTimeZone,
            progress: (p) => progress.update({ step: `${p.phase} ${file}`, done: p.records, total: null, unit: 'records', note: `${percent(p.bytes, p.totalBytes)} of the file` }),
          },
          // Redis only once the whole file is known to be valid: a refused file touches nothing.
          async () => (await ctx.connect()).roster,
        );
        progress.done();
        out(`imported ${done.records} recipient${done.records === 1 ? '' : 's'} from ${file}: ${done.created} new, ${done.updated} updated`);
      } finally {
        progress.done();
      }
    });

  recipients
    .command('list')
    .option('--json', 'one JSON array on stdout, streamed in storage order')
    .description(`the roster: sorted by id up to ${SORTED_ROWS.toLocaleString('en-GB')} people, in storage order beyond (streamed, never all in memory)`)
    .action(async (opts: { json?: boolean }) => {
      const services = await ctx.connect();
      if (opts.json) {
        await writeJsonArray(mapBatches(services.roster.batches(), asImported));
        return;
      }
      const rows = mapBatches(services.roster.batches(), (r) => [r.id, r.email, r.locale, r.timeZone, r.sendAt, r.workdays.join(' '), r.enabled ? 'yes' : 'no']);
      const { count, sorted } = await writeTable(['ID', 'EMAIL', 'LOCALE', 'TIME ZONE', 'SEND AT', 'WORKDAYS', 'ENABLED'], rows);
      if (count === 0) return out('the roster is empty: load one with `briefing recipients import FILE`');
      out(`${count} recipient${count === 1 ? '' : 's'}${sorted ? '' : ` (more than ${SORTED_ROWS.toLocaleString('en-GB')}: in storage order, not sorted)`}`);
    });
}
