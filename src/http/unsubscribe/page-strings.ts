import type { Locale } from '../../render/locales.ts';

/**
 * Every word on the unsubscribe pages, per language. Dutch is informal ("je"), as in the
 * email itself (templates/locales/nl.json: "Je Briefing", "Afmelden").
 */
export interface PageStrings {
  readonly brand: string;
  readonly confirmTitle: string;
  readonly confirmBody: string;
  readonly confirmButton: string;
  readonly doneTitle: string;
  readonly doneBody: string;
  readonly undoPrompt: string;
  readonly undoButton: string;
  readonly alreadyTitle: string;
  /** `{date}` is when they opted out, in their own zone and language. */
  readonly alreadyBody: string;
  readonly resubscribeButton: string;
  readonly resubscribedTitle: string;
  readonly resubscribedBody: string;
  readonly unsubscribeAgainButton: string;
  readonly adminOffTitle: string;
  readonly adminOffBody: string;
  readonly invalidTitle: string;
  readonly invalidBody: string;
  readonly unavailableTitle: string;
  readonly unavailableBody: string;
  readonly retryButton: string;
  readonly tooLargeTitle: string;
  readonly tooLargeBody: string;
  readonly tooOftenTitle: string;
  readonly tooOftenBody: string;
  readonly methodTitle: string;
  readonly methodBody: string;
}

export const PAGE_STRINGS: Readonly<Record<Locale, PageStrings>> = {
  en: {
    brand: 'Briefing',
    confirmTitle: 'Unsubscribe from the daily Briefing email?',
    confirmBody:
      'You will no longer receive the daily Briefing email: the morning overview of your meetings, tasks and follow-ups. You can undo this straight afterwards.',
    confirmButton: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneBody: 'You will no longer receive the daily Briefing email.',
    undoPrompt: 'Unsubscribed by mistake?',
    undoButton: 'Undo',
    alreadyTitle: 'You are unsubscribed',
    alreadyBody: 'You have not received the daily Briefing email since {date}.',
    resubscribeButton: 'Subscribe again',
    resubscribedTitle: 'You are subscribed again',
    resubscribedBody: 'You will receive the daily Briefing email again from the next workday.',
    unsubscribeAgainButton: 'Unsubscribe',
    adminOffTitle: 'The Briefing email cannot be turned back on here',
    adminOffBody:
      'Your organisation has turned off the daily Briefing email for you, so it cannot be switched back on from this page. Ask your administrator if you would like to receive it again.',
    invalidTitle: 'This link is not valid',
    invalidBody:
      'The link may be incomplete: mail apps sometimes break long links over two lines. Open the Unsubscribe link in your most recent Briefing email again, or use the Unsubscribe button of your mail app.',
    unavailableTitle: 'Please try again in a minute',
    unavailableBody: 'We could not save your choice just now, so nothing is confirmed yet. Please try again in a minute.',
    retryButton: 'Try again',
    tooLargeTitle: 'This request is too large',
    tooLargeBody: 'Open the Unsubscribe link in your Briefing email again and use the button on that page.',
    tooOftenTitle: 'You have changed this several times just now',
    tooOftenBody: 'Subscribing again works at most 3 times an hour. You are still unsubscribed: please try again in an hour.',
    methodTitle: 'This page cannot do that',
    methodBody: 'Open the Unsubscribe link in your Briefing email again and use the button on that page.',
  },
  nl: {
    brand: 'Briefing',
    confirmTitle: 'Afmelden voor de dagelijkse Briefing-e-mail?',
    confirmBody:
      'Je ontvangt dan geen dagelijkse Briefing-e-mail meer: het ochtendoverzicht van je vergaderingen, taken en opvolgpunten. Je kunt dit daarna meteen ongedaan maken.',
    confirmButton: 'Afmelden',
    doneTitle: 'Je bent afgemeld',
    doneBody: 'Je ontvangt de dagelijkse Briefing-e-mail niet meer.',
    undoPrompt: 'Per ongeluk afgemeld?',
    undoButton: 'Ongedaan maken',
    alreadyTitle: 'Je bent afgemeld',
    alreadyBody: 'Je ontvangt de dagelijkse Briefing-e-mail niet meer sinds {date}.',
    resubscribeButton: 'Weer aanmelden',
    resubscribedTitle: 'Je bent weer aangemeld',
    resubscribedBody: 'Je ontvangt de dagelijkse Briefing-e-mail weer vanaf de volgende werkdag.',
    unsubscribeAgainButton: 'Afmelden',
    adminOffTitle: 'De Briefing-e-mail kan hier niet weer aan',
    adminOffBody:
      'Je organisatie heeft de dagelijkse Briefing-e-mail voor jou uitgezet, dus je kunt hem op deze pagina niet weer aanzetten. Vraag het je beheerder als je hem weer wilt ontvangen.',
    invalidTitle: 'Deze link is niet geldig',
    invalidBody:
      "De link is misschien niet compleet: mailprogramma's breken lange links soms af over twee regels. Open de link Afmelden in je meest recente Briefing-e-mail opnieuw, of gebruik de afmeldknop van je mailprogramma.",
    unavailableTitle: 'Probeer het zo nog eens',
    unavailableBody: 'We konden je keuze nu niet opslaan, dus er is nog niets bevestigd. Probeer het over een minuut opnieuw.',
    retryButton: 'Opnieuw proberen',
    tooLargeTitle: 'Dit verzoek is te groot',
    tooLargeBody: 'Open de link Afmelden in je Briefing-e-mail opnieuw en gebruik de knop op die pagina.',
    tooOftenTitle: 'Je hebt dit net een paar keer veranderd',
    tooOftenBody: 'Opnieuw aanmelden kan hooguit 3 keer per uur. Je bent nog steeds afgemeld: probeer het over een uur opnieuw.',
    methodTitle: 'Dat kan deze pagina niet',
    methodBody: 'Open de link Afmelden in je Briefing-e-mail opnieuw en gebruik de knop op die pagina.',
  },
};

/**
 * The language for pages that cannot know the recipient (a link that is not valid, Redis
 * unreachable): the browser's Accept-Language, else English. Never the roster, so such a
 * page says nothing about whether an id exists.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  let best: Locale = 'en';
  let bestQ = 0;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
    const lang = tag.split('-')[0];
    if ((lang === 'nl' || lang === 'en') && Number.isFinite(q) && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}
