import { fileURLToPath } from 'node:url';

/** The templates shipped with the package (briefing.mjml, partials, locales, fixtures). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));
