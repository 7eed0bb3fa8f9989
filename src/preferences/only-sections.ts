import type { BriefingDay } from '../content/briefing-day.ts';
import type { Recipient } from '../recipients/recipient.ts';
import { includes } from './preferences.ts';

/** The day with only the sections the recipient chose to see (all of them unless they chose). */
export function onlySections(day: BriefingDay, recipient: Recipient): BriefingDay {
  if (!recipient.sections) return day;
  return {
    ...day,
    meetings: includes(recipient, 'meetings') ? day.meetings : [],
    tasks: includes(recipient, 'tasks') ? day.tasks : [],
    followUps: includes(recipient, 'followUps') ? day.followUps : [],
    focus: includes(recipient, 'focus') ? day.focus : null,
  };
}
