import { Hono, type Context } from 'hono';
import { redactUrl } from '../redact.ts';
import { listFixtures } from '../render/fixtures.ts';
import { localesIn, type Locale } from '../render/locales.ts';
import { createTokenCodec } from '../unsubscribe/token.ts';
import { combinationPage, combinationPath, type Width } from './pages/combination-page.ts';
import { sourceExcerpt } from './pages/error-panel.ts';
import { cellKey, indexPage, type CellStatus } from './pages/index-page.ts';
import { notFoundPage } from './pages/not-found-page.ts';
import { sendFailedPage, sentPage } from './pages/send-result-page.ts';
import { PREVIEW_TEMPLATES, type PreviewDeps } from './preview-deps.ts';
import { renderCombination } from './render-combination.ts';
import { pickName } from './safe-name.ts';
import { sameOriginOnly } from './same-origin.ts';
import { sendTest } from './send-test.ts';
import { NOT_READ, settingsOf } from './org-state.ts';

const EMAIL_RE = /^[^\s@<>(),;:"]{1,64}@[^\s@<>(),;:"]{1,190}$/;

/** The index, one page per template × fixture × locale, its raw HTML for the frame, and "Send test". */
export function combinationRoutes(deps: PreviewDeps): Hono {
  // The same kind of links a real briefing carries, so the footer looks and measures right.
  const links = { tokens: createTokenCodec(deps.config.unsubscribeKeys), settings: deps.config, branding: deps.config.branding };
  const fixtures = () => listFixtures(deps.templatesDir);
  // The folder being previewed decides the languages: a new locale file shows up at once.
  const languages = () => localesIn(deps.templatesDir);

  /** Every name in the URL through the one guard; null → 404. */
  async function combination(c: Context) {
    const template = pickName(c.req.param('template'), PREVIEW_TEMPLATES);
    const fixture = pickName(c.req.param('fixture'), await fixtures());
    const locale = pickName(c.req.param('locale'), languages()) as Locale | null;
    return template && fixture && locale ? { template, fixture, locale } : null;
  }

  const orgState = () => (deps.org ? deps.org() : Promise.resolve(NOT_READ));

  async function render(fixture: string, locale: Locale) {
    const [snapshot, org] = await Promise.all([deps.snapshots.current(), orgState()]);
    return { snapshot, org, result: await renderCombination(snapshot, deps.templatesDir, fixture, locale, links, settingsOf(org)) };
  }

  const app = new Hono();

  app.get('/', async (c) => {
    const [snapshot, org] = await Promise.all([deps.snapshots.current(), orgState()]);
    const names = await fixtures();
    const cells = new Map<string, CellStatus>();
    for (const template of PREVIEW_TEMPLATES) {
      for (const fixture of names) {
        for (const locale of languages()) {
          const r = await renderCombination(snapshot, deps.templatesDir, fixture, locale, links, settingsOf(org));
          cells.set(cellKey(template, fixture, locale), r.ok ? { ok: true, htmlBytes: r.htmlBytes } : r);
        }
      }
    }
    return c.html(
      indexPage({ version: snapshot.version, templates: PREVIEW_TEMPLATES, fixtures: names, locales: languages(), cells, problems: await snapshot.problems() }),
    );
  });

  app.get('/:template/:fixture/:locale', async (c) => {
    const combo = await combination(c);
    if (!combo) return c.html(notFoundPage(), 404);
    const { snapshot, org, result } = await render(combo.fixture, combo.locale);
    const width: Width = c.req.query('width') === 'mobile' ? 'mobile' : 'desktop';
    const page = combinationPage({
      ...combo,
      version: snapshot.version,
      locales: languages(),
      width,
      result,
      excerpt: result.ok ? [] : await sourceExcerpt(deps.templatesDir, result.error),
      problems: result.ok ? [] : await snapshot.problems(),
      sendTarget: sendTarget(deps),
      org,
    });
    return c.html(page, result.ok ? 200 : 500);
  });

  app.get('/:template/:fixture/:locale/email.html', async (c) => {
    const combo = await combination(c);
    if (!combo) return c.text('Not found', 404);
    const { result } = await render(combo.fixture, combo.locale);
    // Even opened on its own, the email is a sandboxed document: it runs no script.
    c.header('Content-Security-Policy', 'sandbox allow-popups allow-popups-to-escape-sandbox');
    if (!result.ok) return c.text(`Template error at ${result.error.file}:${result.error.line ?? '?'}: ${result.error.message}`, 500);
    return c.html(result.html);
  });

  app.post('/:template/:fixture/:locale/send', sameOriginOnly(deps.port), async (c) => {
    const combo = await combination(c);
    if (!combo) return c.html(notFoundPage(), 404);
    const back = combinationPath(combo.template, combo.fixture, combo.locale);
    const form = await c.req.parseBody();
    const { result } = await render(combo.fixture, combo.locale);
    if (!result.ok) return c.redirect(back, 303);
    const typed = typeof form.to === 'string' ? form.to.trim() : '';
    const to = typed || result.fixture.recipient.email;
    if (!EMAIL_RE.test(to)) {
      return c.text(`to: "${to}" is not an email address. Type one such as you@example.com, or leave it empty for the fixture's address.`, 400);
    }
    try {
      const sent = await sendTest(deps.config, result.message, to, `${result.fixture.name}_${combo.locale}`);
      return c.html(sentPage(back, to, sent));
    } catch (error) {
      return c.html(sendFailedPage(back, sendTarget(deps), (error as Error).message), 502);
    }
  });

  return app;
}

function sendTarget(deps: PreviewDeps): string {
  return deps.config.smtpUrl ? `SMTP_URL ${redactUrl(deps.config.smtpUrl)}` : `the outbox (OUTBOX_DIR ${deps.config.outboxDir})`;
}
