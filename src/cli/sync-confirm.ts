import { createInterface } from 'node:readline/promises';
import { out, UsageError } from './cli-context.ts';
import type { ImportPlan } from '../recipients/import-roster.ts';

export interface SyncChoice {
  readonly file: string;
  readonly dryRun: boolean;
  readonly yes: boolean;
}

const people = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;

async function ask(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/**
 * What `recipients import` decides once the file is checked whole and before it writes:
 * true to go on. A dry run prints the plan and writes nothing. `--sync` says how many it
 * would remove; removing anyone needs a "yes" at a terminal or `--yes`, and removing more
 * than half of the roster needs `--yes` even at a terminal (a file cut short, the wrong file).
 */
export async function decideImport(plan: ImportPlan, choice: SyncChoice): Promise<boolean> {
  const { file } = choice;
  const leaving = plan.leaving;
  const records = `${plan.records.toLocaleString('en-GB')} recipient${plan.records === 1 ? '' : 's'}`;
  if (leaving) {
    const first = leaving.first.length > 0 ? `: ${leaving.first.join(', ')}${leaving.count > leaving.first.length ? ', …' : ''}` : '';
    out(`--sync: ${people(leaving.count)} of the ${leaving.rosterSize.toLocaleString('en-GB')} on the roster ${leaving.count === 1 ? 'is' : 'are'} not in ${file} and would be removed (their opt-outs are kept)${first}`);
  }
  if (choice.dryRun) {
    out(`dry run: ${file} holds ${records}, all valid; nothing written and nobody removed`);
    return false;
  }
  if (!leaving || leaving.count === 0 || choice.yes) return true;
  if (leaving.count * 2 > leaving.rosterSize) {
    throw new UsageError(
      `--sync would remove ${people(leaving.count)}, more than half of the roster of ${leaving.rosterSize.toLocaleString('en-GB')} — ` +
        `nothing written and nobody removed. Is ${file} the whole roster? If so, run it again with --yes (see who would go with --dry-run)`,
    );
  }
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError(
      `--sync would remove ${people(leaving.count)} and there is no terminal to confirm it — nothing written and nobody removed. ` +
        'Run it again with --yes to remove them (see who with --dry-run)',
    );
  }
  if (await ask(`remove ${people(leaving.count)} from the roster? [y/N] `)) return true;
  out('nothing written and nobody removed');
  return false;
}
