import type { Recipient } from '../../src/recipients/recipient.ts';

/** A recipient with every default filled in, as the import stores one; `change` overrides fields. */
export const person = (id: string, change: Partial<Recipient> = {}): Recipient => ({
  id, email: `${id}@example.com`, name: id, locale: 'en', timeZone: 'Europe/Amsterdam', sendAt: '07:30',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], workHours: { start: '09:00', end: '17:00' }, enabled: true, ...change,
});
