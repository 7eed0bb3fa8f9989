/**
 * `npm run inbox`: for the local stack (`docker compose up`). Lists the briefings that reached
 * MailHog and checks each one's unsubscribe link, the same URL in the HTML and the text part.
 * Exits non-zero when the inbox is empty or a message lacks its link.
 *   MAILHOG_URL (default http://localhost:8025): MailHog's web/API address.
 */
import createMailhog from 'mailhog';

const address = new URL(process.env.MAILHOG_URL ?? 'http://localhost:8025');
const mailhog = createMailhog({ host: address.hostname, port: Number(address.port || 8025) });

let result;
try {
  result = await mailhog.messages(0, 500);
} catch (err) {
  process.stderr.write(`MAILHOG_URL=${address.href}: ${(err as Error).message} — is the stack up? (docker compose up)\n`);
  process.exit(1);
}
if (!result || result.count === 0) {
  process.stderr.write('MailHog has no messages yet: import a roster and run `briefing send --date … --all` in the stack first\n');
  process.exit(1);
}

const LINK = /https?:\/\/[^\s"'<>]+\/unsubscribe\/[A-Za-z0-9_.-]+/;
let broken = 0;
for (const message of result.items) {
  const inHtml = LINK.exec(message.html ?? '')?.[0];
  const inText = LINK.exec(message.text ?? '')?.[0];
  const ok = Boolean(inHtml) && inHtml === inText;
  if (!ok) broken += 1;
  process.stdout.write(`${ok ? 'ok  ' : 'BAD '} ${message.to}  ${message.subject}${ok ? '' : '  (unsubscribe link missing or different in HTML and text)'}\n`);
}
process.stdout.write(`${result.count} of ${result.total} messages checked, ${broken} without a matching unsubscribe link\n`);
process.exit(broken > 0 ? 1 : 0);
