import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ParsedEnv } from '../config.ts';

/** What nodemailer's own DKIM signer takes (its `dkim` option), plus whether DMARC can use it. */
export interface DkimSettings {
  readonly domainName: string;
  readonly keySelector: string;
  readonly privateKey: string;
  /** DKIM_DOMAIN is MAIL_FROM's domain or a parent of it (DMARC's relaxed alignment). */
  readonly alignedWithFrom: boolean;
}

type DkimEnv = Pick<Partial<ParsedEnv>, 'DKIM_DOMAIN' | 'DKIM_SELECTOR' | 'DKIM_PRIVATE_KEY' | 'DKIM_PRIVATE_KEY_FILE' | 'MAIL_FROM'>;

function readKey(e: DkimEnv, problems: string[]): string | undefined {
  if (e.DKIM_PRIVATE_KEY && e.DKIM_PRIVATE_KEY_FILE) {
    problems.push('DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE are both set: give the key one way');
    return undefined;
  }
  // An .env file or a compose file often carries a PEM on one line with literal "\n".
  if (e.DKIM_PRIVATE_KEY) return e.DKIM_PRIVATE_KEY.replaceAll('\\n', '\n');
  if (!e.DKIM_PRIVATE_KEY_FILE) {
    problems.push('DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE is required with DKIM_DOMAIN: the PEM of the private key whose public half is at SELECTOR._domainkey.DOMAIN');
    return undefined;
  }
  try {
    return readFileSync(e.DKIM_PRIVATE_KEY_FILE, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    problems.push(`DKIM_PRIVATE_KEY_FILE=${JSON.stringify(e.DKIM_PRIVATE_KEY_FILE)}: cannot be read (${code}) — check the path and that this process may read it`);
    return undefined;
  }
}

/**
 * DKIM_DOMAIN, DKIM_SELECTOR and the key (DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE): all or
 * none. The key must be an RSA private key of at least 1024 bits (RFC 8301; 2048 is usual),
 * since that is what nodemailer signs with.
 */
export function loadDkim(e: DkimEnv, problems: string[]): DkimSettings | undefined {
  if (!e.DKIM_DOMAIN && !e.DKIM_SELECTOR && !e.DKIM_PRIVATE_KEY && !e.DKIM_PRIVATE_KEY_FILE) return undefined;
  const before = problems.length;
  if (!e.DKIM_DOMAIN) problems.push('DKIM_DOMAIN is required with the other DKIM_ variables: the domain that signs, usually the one of MAIL_FROM');
  if (!e.DKIM_SELECTOR) problems.push('DKIM_SELECTOR is required with the other DKIM_ variables: the selector whose TXT record holds the public key');
  const pem = readKey(e, problems);
  if (pem !== undefined) {
    const source = e.DKIM_PRIVATE_KEY ? 'DKIM_PRIVATE_KEY' : 'DKIM_PRIVATE_KEY_FILE';
    try {
      const key = createPrivateKey(pem);
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (key.asymmetricKeyType !== 'rsa') problems.push(`${source}: must be an RSA private key (it is ${key.asymmetricKeyType}); nodemailer signs with rsa-sha256`);
      else if (bits < 1024) problems.push(`${source}: the RSA key has ${bits} bits; DKIM needs at least 1024 (RFC 8301), 2048 is usual`);
    } catch {
      problems.push(`${source}: not a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)`);
    }
  }
  if (problems.length > before) return undefined;
  const domainName = e.DKIM_DOMAIN!.toLowerCase();
  const fromDomain = /@([^@>\s]+)>?$/.exec(e.MAIL_FROM ?? '')?.[1]?.toLowerCase() ?? '';
  return {
    domainName,
    keySelector: e.DKIM_SELECTOR!,
    privateKey: pem!,
    alignedWithFrom: fromDomain === domainName || fromDomain.endsWith(`.${domainName}`),
  };
}
