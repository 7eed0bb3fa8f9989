import type { Logger } from '../logger.ts';

export interface UnknownKeyReportDeps {
  readonly logger?: Logger;
  /** Counts one refused token in the shared metrics (fire and forget). */
  readonly count: () => Promise<void>;
  /** At most one log line this often (default a minute): a flood of forged tokens must not flood the log. */
  readonly everyMs?: number;
  readonly now?: () => number;
}

/**
 * What the token codec calls when a link names a key id we do not have: most often a key
 * dropped from UNSUBSCRIBE_KEYS while emails signed with it are still read, which turns
 * every such link into a 400. Each one is counted (`briefing_tokens_unknown_key_total`);
 * the log gets a line with the key id and how many since the last line.
 */
export function unknownKeyReporter(deps: UnknownKeyReportDeps): (kid: string) => void {
  const everyMs = deps.everyMs ?? 60_000;
  const now = deps.now ?? Date.now;
  let lastLogAt = -Infinity;
  let unlogged = 0;
  return (kid) => {
    deps.count().catch(() => undefined);
    unlogged += 1;
    if (now() - lastLogAt < everyMs) return;
    deps.logger?.warn(
      { kid, tokens: unlogged },
      `a link was refused: its token is signed with key "${kid}", which is not in UNSUBSCRIBE_KEYS. If that key was dropped, emails signed with it no longer work: keep it (after the signing key) until they are months old`,
    );
    lastLogAt = now();
    unlogged = 0;
  };
}
