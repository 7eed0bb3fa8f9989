import type { Task } from './briefing-day.ts';
import { httpUrlOf, textOf } from './calendar-fields.ts';
import { isoDate, DAY_MS } from './ical/civil.ts';
import type { IcsComponent } from './ical/ics-parse.ts';
import { parseTime } from './ical/ics-values.ts';
import { firstProp } from './ical/series.ts';
import { instantOf, UTC_ZONE, type WallZone } from './ical/zone.ts';
import { localDateOf, type LocalDate } from '../time/zones.ts';

/** The local date a DUE names: a DATE or floating time as written, an instant in the reader's zone. */
function dueDateOf(todo: IcsComponent, zoneOf: (tzid: string) => WallZone | undefined, zone: string): LocalDate | undefined {
  const due = firstProp(todo, 'DUE');
  const time = due && parseTime(due.value, due.params);
  if (!time) return undefined;
  const dueZone = time.form === 'utc' ? UTC_ZONE : time.form === 'zoned' ? zoneOf(time.tzid!) : undefined;
  if (!dueZone) return isoDate(Math.floor(time.wall / DAY_MS));
  return localDateOf(new Date(instantOf(dueZone, time.wall)), zone);
}

/**
 * Open VTODOs due on `date` or before it (overdue). Completed (STATUS:COMPLETED or a
 * COMPLETED date) and cancelled ones are left out; so are VTODOs without DUE, which task
 * apps export by the hundred. A recurring VTODO is shown by its DUE as written.
 */
export function calendarTasksOn(
  todos: readonly IcsComponent[], date: LocalDate, zone: string, zoneOf: (tzid: string) => WallZone | undefined,
): Task[] {
  const tasks: Task[] = [];
  for (const todo of todos) {
    const status = firstProp(todo, 'STATUS')?.value.trim().toUpperCase();
    if (status === 'COMPLETED' || status === 'CANCELLED' || firstProp(todo, 'COMPLETED')) continue;
    const dueDate = dueDateOf(todo, zoneOf, zone);
    if (dueDate === undefined || dueDate > date) continue;
    const url = httpUrlOf(textOf(firstProp(todo, 'URL')));
    tasks.push({ title: textOf(firstProp(todo, 'SUMMARY'))?.trim() ?? '', due: dueDate, overdue: dueDate < date, ...(url && { url }) });
  }
  return tasks.sort((a, b) => a.due!.localeCompare(b.due!));
}
