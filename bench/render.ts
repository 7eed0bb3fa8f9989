/**
 * Briefings rendered per second on one core: the compiled template (MJML once per locale,
 * Handlebars per recipient) against compiling MJML per email (Handlebars into the MJML
 * source, then mjml2html), side by side in one run, on the busy-day and light-day fixtures.
 *
 *   npm run bench:render [-- --runs=5 --seconds=2]
 */
import Handlebars from 'handlebars';
import { HTML_ENTRY, translatedSource } from '../src/render/compile-template.ts';
import { loadFixture, type Fixture } from '../src/render/fixtures.ts';
import { loadMessages } from '../src/render/messages.ts';
import { mjmlToHtml } from '../src/render/mjml-to-html.ts';
import { createRenderer, type Renderer } from '../src/render/renderer.ts';
import { templateFiles } from '../src/render/template-files.ts';
import { buildView } from '../src/render/view-model.ts';
import { TEMPLATES_DIR } from '../src/paths.ts';
import { formatRate, intOption, summarise, type Summary } from './bench-stats.ts';

const RUNS = intOption('runs', 'BENCH_RUNS', 5);
const SECONDS = intOption('seconds', 'BENCH_SECONDS', 2);
const LINKS = {
  unsubscribe: 'https://briefing.example.com/unsubscribe/k1.AbC-123_xyz',
  preferences: 'https://briefing.example.com/preferences/k1.AbC-123_xyz',
  focus: 'https://briefing.example.com/focus/k1.AbC-123_xyz?date=2026-11-24&start=13:00&end=15:00',
};

type RenderOne = () => Promise<unknown> | unknown;

/** Renders repeatedly for `ms`, returns renders per second. Bounded by time, never by luck. */
async function rate(renderOne: RenderOne, ms: number, isAsync: boolean): Promise<number> {
  let count = 0;
  const started = performance.now();
  const until = started + ms;
  if (isAsync) {
    while (performance.now() < until) {
      await renderOne();
      count += 1;
    }
  } else {
    // Check the clock every 64 renders: reading it costs as much as a fast render.
    while (performance.now() < until) {
      for (let i = 0; i < 64; i += 1) renderOne();
      count += 64;
    }
  }
  return count / ((performance.now() - started) / 1000);
}

async function compiledPath(renderer: Renderer, f: Fixture): Promise<RenderOne> {
  const input = { recipient: f.recipient, day: f.day, links: LINKS };
  const check = renderer.render(input);
  if (!check.ok) throw new Error(`${f.name}: ${check.error.message}`);
  return () => {
    const r = renderer.render(input);
    if (!r.ok) throw new Error(r.error.message);
    return r;
  };
}

/** The naive path, exactly as the "compiled once equals compiled per email" test builds it. */
async function perEmailPath(f: Fixture): Promise<RenderOne> {
  const read = templateFiles(TEMPLATES_DIR);
  const locale = f.recipient.locale;
  const loaded = await loadMessages(read, locale);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const source = await translatedSource(read, HTML_ENTRY, loaded.messages, locale, 'html');
  if (Array.isArray(source)) throw new Error(source[0]!.message);
  const template = Handlebars.compile(source.text, { strict: true });
  return async () => {
    const view = buildView({ recipient: f.recipient, day: f.day, links: LINKS, locale, messages: loaded.messages });
    const html = await mjmlToHtml({ text: template(view), origins: [] }, HTML_ENTRY);
    if (!html.ok) throw new Error(html.errors[0]!.message);
    return html;
  };
}

async function measure(label: string, renderOne: RenderOne, isAsync: boolean, ms: number): Promise<Summary> {
  await rate(renderOne, Math.min(ms, 1000), isAsync); // warm-up: JIT, Intl caches
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await rate(renderOne, ms, isAsync));
  const s = summarise(runs);
  console.log(`  ${label.padEnd(26)} ${formatRate(s)}  = ${(1000 / s.median).toFixed(4)} ms each`);
  return s;
}

async function main(): Promise<void> {
  const runtime = import.meta.url.endsWith('.ts') ? 'tsx' : 'plain node, bundled';
  console.log(`bench:render — ${RUNS} runs of ${SECONDS}s each after a warm-up, one core, node ${process.version} (${runtime})`);
  const renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
  if (renderer.errors.length > 0) throw new Error(`templates do not compile: ${renderer.errors[0]!.message}`);
  const results: string[] = [];
  for (const name of ['busy-day', 'light-day']) {
    const f = await loadFixture(name, TEMPLATES_DIR);
    console.log(`${name} (${f.day.meetings.length} meetings, ${f.day.tasks.length} tasks, ${f.day.followUps.length} follow-ups)`);
    const compiled = await measure('compiled once', await compiledPath(renderer, f), false, SECONDS * 1000);
    // MJML per email is ~1000× slower: shorter runs give the same precision.
    const perEmail = await measure('MJML compiled per email', await perEmailPath(f), true, Math.max(1000, SECONDS * 500));
    const ratio = compiled.median / perEmail.median;
    console.log(`  ratio ${Math.round(ratio)}× (target ≥ 300×); compiled ${compiled.median >= 20_000 ? 'meets' : 'misses'} 20,000/s`);
    results.push(`${name}: ${Math.round(compiled.median)}/s, ${Math.round(ratio)}×`);
  }
  console.log(`summary: ${results.join('; ')}`);
}

await main();
