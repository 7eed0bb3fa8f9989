import { describe, expect, it } from 'vitest';
import { dayOf } from './calendar-helpers.ts';

describe('VTODO tasks', () => {
  it('lists open tasks due today or overdue, oldest first, and leaves out completed, future and undated ones', async () => {
    const day = await dayOf('todos.ics', '2026-03-16', 'Europe/Amsterdam');
    expect(day.tasks).toEqual([
      { title: "Review Chen's pull request", due: '2026-03-13', overdue: true },
      { title: 'Send the quarterly report', due: '2026-03-16', overdue: false, url: 'https://tracker.example.com/T-1' },
    ]);
  });

  it('takes a DATE-TIME due date in the recipient\'s zone (23:30 UTC is tomorrow in Amsterdam)', async () => {
    const amsterdam = await dayOf('todos.ics', '2026-03-17', 'Europe/Amsterdam');
    expect(amsterdam.tasks.find((task) => task.title === 'Submit expenses')).toEqual(
      { title: 'Submit expenses', due: '2026-03-17', overdue: false },
    );
    const newYork = await dayOf('todos.ics', '2026-03-16', 'America/New_York');
    expect(newYork.tasks.find((task) => task.title === 'Submit expenses')?.due).toBe('2026-03-16');
  });

  it('marks a task overdue once its day has passed, and shows a future one on its day', async () => {
    const friday = await dayOf('todos.ics', '2026-03-20', 'Europe/Amsterdam');
    expect(friday.tasks.map((task) => [task.title, task.overdue])).toEqual([
      ["Review Chen's pull request", true],
      ['Send the quarterly report', true],
      ['Submit expenses', true],
      ['Plan the offsite', false],
    ]);
  });
});
