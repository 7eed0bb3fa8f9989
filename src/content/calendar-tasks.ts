import type { VTodo } from 'node-ical';
import type { Task } from './briefing-day.ts';
import { httpUrlOf, textOf } from './calendar-fields.ts';
import { localDateOf, type LocalDate } from '../time/zones.ts';

type ICalDate = Date & { tz?: string; dateOnly?: true };

function dueDateOf(due: ICalDate, zone: string): LocalDate {
  // DATE and floating values carry their calendar date in node-ical's host-local parts.
  if (due.dateOnly || !due.tz) {
    return `${String(due.getFullYear()).padStart(4, '0')}-${String(due.getMonth() + 1).padStart(2, '0')}-${String(due.getDate()).padStart(2, '0')}`;
  }
  return localDateOf(due, zone);
}

/**
 * Open VTODOs due on `date` or before it (overdue). Completed (STATUS:COMPLETED or a
 * COMPLETED date) and cancelled ones are left out; so are VTODOs without DUE, which task
 * apps export by the hundred. A recurring VTODO is shown by its DUE as written.
 */
export function calendarTasksOn(todos: readonly VTodo[], date: LocalDate, zone: string): Task[] {
  const tasks: Task[] = [];
  for (const todo of todos) {
    const status = textOf(todo.status)?.toUpperCase();
    if (status === 'COMPLETED' || status === 'CANCELLED' || todo.completed !== undefined) continue;
    const due = todo.due as ICalDate | undefined;
    if (!(due instanceof Date) || Number.isNaN(due.getTime())) continue;
    const dueDate = dueDateOf(due, zone);
    if (dueDate > date) continue;
    const url = httpUrlOf(textOf(todo.url));
    tasks.push({ title: textOf(todo.summary)?.trim() ?? '', due: dueDate, overdue: dueDate < date, ...(url && { url }) });
  }
  return tasks.sort((a, b) => a.due!.localeCompare(b.due!));
}
