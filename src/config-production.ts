import type { ParsedEnv, UnsubscribeKey } from './config.ts';
import { shownValue } from './config-problems.ts';
import { publicSecretSource } from './secrets/public-keys.ts';
import { estimateSecretBits, REQUIRED_SECRET_BITS } from './secrets/secret-strength.ts';

const GENERATE = 'replace it with the output of `briefing keys generate`';

/** A domain no receiver takes mail from: localhost, *.localhost, an address literal. */
function isLocalDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return d === 'localhost' || d.endsWith('.localhost') || d === 'localhost.localdomain' || d.startsWith('[');
}

/**
 * What production refuses, each with how to fix it. `e` holds the variables that parsed;
 * `raw` tells an unset variable from one that failed to parse (already reported).
 * Anyone can read this repository, so a key from it lets anyone sign a token for a
 * guessable id (`u-1001`) and opt people out, or undo their opt-out.
 */
export function productionProblems(e: Partial<ParsedEnv>, raw: Record<string, string | undefined>, keys: readonly UnsubscribeKey[]): string[] {
  const problems: string[] = [];
  if (raw.UNSUBSCRIBE_KEYS === undefined) {
    problems.push(`UNSUBSCRIBE_KEYS is required when NODE_ENV=production (format kid:secret): ${GENERATE.replace('replace it with', 'set it to')}`);
  }
  for (const key of raw.UNSUBSCRIBE_KEYS === undefined ? [] : keys) {
    const source = publicSecretSource(key.secret);
    const bits = estimateSecretBits(key.secret);
    if (source) {
      problems.push(`UNSUBSCRIBE_KEYS: key "${key.kid}" is public (${source}, which is in the Briefing repository), so anyone can sign unsubscribe links with it: ${GENERATE}`);
    } else if (bits < REQUIRED_SECRET_BITS) {
      problems.push(
        `UNSUBSCRIBE_KEYS: the secret of key "${key.kid}" holds about ${Math.floor(bits)} bits of entropy by our estimate, and production needs ${REQUIRED_SECRET_BITS} (32 random bytes): ${GENERATE}`,
      );
    }
  }
  if (raw.PUBLIC_URL === undefined) {
    problems.push('PUBLIC_URL is required when NODE_ENV=production: set it to the https:// address people reach this service at (the base of every link in an email)');
  } else if (e.PUBLIC_URL !== undefined && !e.PUBLIC_URL.startsWith('https://')) {
    problems.push(
      `PUBLIC_URL=${shownValue('PUBLIC_URL', raw.PUBLIC_URL)}: must be an https:// URL when NODE_ENV=production: one-click unsubscribe (RFC 8058) requires HTTPS, and every link carries the person's token. Serve the app behind HTTPS and set PUBLIC_URL to that address`,
    );
  }
  const domain = e.MAIL_FROM === undefined ? undefined : /@([^@>\s]+)>?$/.exec(e.MAIL_FROM)?.[1];
  if (domain !== undefined && isLocalDomain(domain)) {
    problems.push(
      `MAIL_FROM=${shownValue('MAIL_FROM', e.MAIL_FROM)}: must not be on ${domain} when NODE_ENV=production: receivers refuse mail from a domain that is not on the internet. Set it to an address of your organisation's domain, with SPF, DKIM and DMARC for it (README, "Deliverability")`,
    );
  }
  return problems;
}
