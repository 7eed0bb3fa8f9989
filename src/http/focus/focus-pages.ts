import type { BlockProblem } from '../../focus/focus-block.ts';
import type { Locale } from '../../render/locales.ts';
import { layout, pageText, para } from '../pages/page-frame.ts';
import { escapeHtml } from '../unsubscribe/escape-html.ts';

/** The confirm page: the block in words and one button. The form posts the same query back. */
export function focusConfirmPage(locale: Locale, action: string, when: string): string {
  const s = pageText(locale);
  return layout(
    locale,
    s('focus.confirmTitle'),
    `<p class="block">${escapeHtml(when)}</p>` +
      para(s('focus.confirmBody')) +
      `<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(s('focus.button'))}</button></form>`,
  );
}

export function focusSentPage(locale: Locale, when: string): string {
  const s = pageText(locale);
  return layout(locale, s('focus.sentTitle'), para(s('focus.sentBody', { when })));
}

export function focusAlreadyPage(locale: Locale, when: string): string {
  const s = pageText(locale);
  return layout(locale, s('focus.alreadyTitle'), para(s('focus.alreadyBody', { when })));
}

const PROBLEM_KEY: Readonly<Record<BlockProblem, string>> = {
  malformed: 'focus.malformedBody',
  past: 'focus.pastBody',
  outside: 'focus.outsideBody',
};

export function focusBadBlockPage(locale: Locale, problem: BlockProblem): string {
  const s = pageText(locale);
  return layout(locale, s('focus.badBlockTitle'), para(s(PROBLEM_KEY[problem])));
}

/** SMTP refused or was unreachable: nothing booked, and the same button tries again. */
export function focusSendFailedPage(locale: Locale, action: string): string {
  const s = pageText(locale);
  return layout(
    locale,
    s('focus.sendFailedTitle'),
    para(s('focus.sendFailedBody')) +
      `<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(s('page.retryButton'))}</button></form>`,
  );
}
