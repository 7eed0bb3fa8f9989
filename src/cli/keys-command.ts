import type { Command } from 'commander';
import { generateUnsubscribeKey } from '../secrets/generate-key.ts';
import { out, UsageError } from './cli-context.ts';

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('unsubscribe signing keys');
  keys
    .command('generate')
    .description('print a fresh kid:secret for UNSUBSCRIBE_KEYS (needs no configuration and no Redis)')
    .option('--kid <id>', 'the key id (1-16 letters, digits, _ or -); default k<date>-<random>')
    .action((opts: { kid?: string }) => {
      if (opts.kid !== undefined && !/^[A-Za-z0-9_-]{1,16}$/.test(opts.kid)) {
        throw new UsageError(`--kid ${JSON.stringify(opts.kid)}: expected 1-16 letters, digits, _ or -`);
      }
      const key = generateUnsubscribeKey();
      out(`${opts.kid ?? key.kid}:${key.secret}`);
      if (process.stdout.isTTY) {
        process.stderr.write(
          'Put it first in UNSUBSCRIBE_KEYS to sign with it; keep the old keys after it until their emails are months old.\n',
        );
      }
    });
}
