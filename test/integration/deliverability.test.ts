import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticate, type DNSResolver } from 'mailauth';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestStack, waitForOutcomes, type TestStack } from '../helpers/stack.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

const DATE = '2026-11-24';
const DOMAIN = 'example.test';
const SELECTOR = 'briefing2026';

// The DNS a receiver would consult, answered locally (no network): the selector's public key
// (RFC 6376 §3.6.2), the domain's SPF (RFC 7208) and DMARC policy (RFC 7489).
function dnsFor(publicKeyBase64: string): DNSResolver {
  const answers: Record<string, string[][]> = {
    [`TXT ${SELECTOR}._domainkey.${DOMAIN}`]: [[`v=DKIM1; k=rsa; p=${publicKeyBase64}`]],
    [`TXT ${DOMAIN}`]: [['v=spf1 ip4:127.0.0.1 -all']],
    [`TXT _dmarc.${DOMAIN}`]: [['v=DMARC1; p=reject; adkim=r; aspf=r']],
  };
  return async (name, rrtype) => {
    const answer = answers[`${rrtype} ${name.toLowerCase()}`];
    if (!answer) throw Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return answer;
  };
}

describe('deliverability: what a receiver checks', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const resolver = dnsFor(publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
  const DKIM = { DKIM_DOMAIN: DOMAIN, DKIM_SELECTOR: SELECTOR, DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  const verify = (raw: string) =>
    authenticate(raw, { ip: '127.0.0.1', helo: 'worker.example.test', sender: `briefing@${DOMAIN}`, mta: 'mx.receiver.test', resolver, disableArc: true, disableBimi: true });
  let stack: TestStack | undefined;
  let smtp: SmtpReceiver | undefined;
  afterEach(async () => {
    await stack?.stop();
    await smtp?.close();
    stack = smtp = undefined;
  });

  async function sendOne(env: Record<string, string | undefined>): Promise<void> {
    smtp = await startSmtpReceiver();
    stack = await createTestStack({ SMTP_URL: smtp.url, MAIL_FROM: `Briefing <briefing@${DOMAIN}>`, SEND_ATTEMPTS: '1', ...env });
    await stack.write('today.json', JSON.stringify({ tasks: [{ title: 'Ship it', due: DATE }] }));
    await stack.importRoster([{ id: 'u-1', email: 'ada@example.com', content: 'today.json' }]);
    await stack.startWorker();
    await stack.services.enqueue(DATE, ['u-1'], 'recipient');
  }

  it('signs every message with DKIM for the MAIL_FROM domain, covering the one-click and Feedback-ID headers, so DMARC passes', async () => {
    await sendOne(DKIM);
    const [mail] = await smtp!.waitFor(1);
    const raw = mail!.raw.toString('utf8');

    const verdict = await verify(raw);
    expect(verdict.dkim.results).toHaveLength(1);
    expect(verdict.dkim.results[0]).toMatchObject({ signingDomain: DOMAIN, selector: SELECTOR, status: { result: 'pass' } });
    expect(verdict.dmarc && verdict.dmarc.status.result).toBe('pass');

    // RFC 8058 §4: List-Unsubscribe and List-Unsubscribe-Post must be covered; Gmail's FBL wants Feedback-ID covered.
    const unfolded = raw.replace(/\r\n[ \t]+/g, ' ');
    const signed = /^DKIM-Signature:.*?\bh=([^;]+);/im.exec(unfolded)![1]!.toLowerCase().split(':').map((h) => h.trim());
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post', 'feedback-id', 'message-id']));
    expect(raw).toMatch(/^Feedback-ID: daily:en:briefing\r$/m);

    // A real verifier: change a signed header and the signature no longer holds.
    const tampered = raw.replace(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m, 'List-Unsubscribe-Post: List-Unsubscribe=Two-Clicks\r');
    expect(tampered).not.toBe(raw);
    const broken = await verify(tampered);
    expect(broken.dkim.results[0]?.status.result).toBe('fail');
  });

  it('signs the .eml files of the outbox the same way (SMTP_URL unset)', async () => {
    const outbox = await mkdtemp(join(tmpdir(), 'briefing-outbox-'));
    try {
      await sendOne({ ...DKIM, SMTP_URL: undefined, OUTBOX_DIR: outbox });
      expect((await waitForOutcomes(stack!.services, DATE, ['u-1'])).get('u-1')?.status).toBe('sent');
      const raw = await readFile(join(outbox, `${DATE}_u-1.eml`), 'utf8');
      expect((await verify(raw)).dkim.results[0]).toMatchObject({ signingDomain: DOMAIN, status: { result: 'pass' } });
    } finally {
      await rm(outbox, { recursive: true, force: true });
    }
  });

  it('with SMTP_REQUIRE_TLS, refuses to send to a server that offers no STARTTLS, and says why', async () => {
    // The receiver offers no STARTTLS (test/helpers/smtp-receiver.ts disables it).
    await sendOne({ SMTP_REQUIRE_TLS: 'true' });
    const outcome = (await waitForOutcomes(stack!.services, DATE, ['u-1'])).get('u-1')!;
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^Error upgrading connection with STARTTLS: .* nothing was sent: SMTP_REQUIRE_TLS refuses to send in the clear/) });
    expect(smtp!.received).toHaveLength(0);
  });

  it('without it, the same server gets the message (so the refusal above is the setting)', async () => {
    await sendOne({});
    await smtp!.waitFor(1);
    expect((await waitForOutcomes(stack!.services, DATE, ['u-1'])).get('u-1')?.status).toBe('sent');
  });
});
