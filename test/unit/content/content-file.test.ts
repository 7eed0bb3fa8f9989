import { describe, expect, it } from 'vitest';
import { ContentError } from '../../../src/content/content-error.ts';
import { contentFollowUps, contentTasksOn, parseContentFile } from '../../../src/content/content-file.ts';

const AMS = 'Europe/Amsterdam';
const file = parseContentFile(JSON.stringify({
  tasks: [
    { title: 'Undated: tidy the wiki' },
    { title: 'Due today', due: '2026-03-16', url: 'https://tracker.example.com/T-2' },
    { title: 'Overdue', due: '2026-03-12' },
    { title: 'Due tomorrow', due: '2026-03-17' },
    { title: '  Late tonight UTC  ', due: '2026-03-16T23:30:00Z' },
    { title: 'Wall-clock date-time', due: '2026-03-16T18:00' },
  ],
  followUps: [
    { title: 'Reply to the auditors', from: 'Grace Hopper', due: '2026-03-18' },
    { title: 'Thank the speakers' },
    { title: 'Chase the invoice', due: '2026-03-10', url: 'http://erp.example.com/inv/7' },
  ],
}), '/data/ada.json');

describe('content file tasks', () => {
  it('shows tasks due today or overdue, dated first, then open undated tasks', () => {
    expect(contentTasksOn(file, '2026-03-16', AMS)).toEqual([
      { title: 'Overdue', due: '2026-03-12', overdue: true },
      { title: 'Due today', due: '2026-03-16', overdue: false, url: 'https://tracker.example.com/T-2' },
      { title: 'Wall-clock date-time', due: '2026-03-16', overdue: false },
      { title: 'Undated: tidy the wiki', overdue: false },
    ]);
  });

  it('takes an ISO instant\'s date in the recipient\'s zone', () => {
    const tuesday = contentTasksOn(file, '2026-03-17', AMS).find((task) => task.title === 'Late tonight UTC');
    expect(tuesday).toEqual({ title: 'Late tonight UTC', due: '2026-03-17', overdue: false });
    const inNewYork = contentTasksOn(file, '2026-03-16', 'America/New_York').find((task) => task.title === 'Late tonight UTC');
    expect(inNewYork?.due).toBe('2026-03-16');
  });
});

describe('content file follow-ups', () => {
  it('lists every follow-up, dated soonest first, then undated', () => {
    expect(contentFollowUps(file, AMS)).toEqual([
      { title: 'Chase the invoice', due: '2026-03-10', url: 'http://erp.example.com/inv/7' },
      { title: 'Reply to the auditors', from: 'Grace Hopper', due: '2026-03-18' },
      { title: 'Thank the speakers' },
    ]);
  });

  it('accepts a file with neither list', () => {
    const empty = parseContentFile('{}', '/data/empty.json');
    expect(contentTasksOn(empty, '2026-03-16', AMS)).toEqual([]);
    expect(contentFollowUps(empty, AMS)).toEqual([]);
  });
});

describe('invalid content files', () => {
  const errorOf = (text: string): ContentError => {
    try {
      parseContentFile(text, '/data/ada.json');
    } catch (error) {
      if (error instanceof ContentError) return error;
      throw error;
    }
    throw new Error('expected a ContentError');
  };

  it('names the file and the field path of a bad due date', () => {
    const error = errorOf(JSON.stringify({ tasks: [{ title: 'ok' }, { title: 'x', due: '16/03/2026' }] }));
    expect(error.code).toBe('INVALID');
    expect(error.message).toContain('/data/ada.json');
    expect(error.message).toContain('tasks[1].due');
    expect(error.message).not.toContain('16/03/2026');
  });

  it('refuses a javascript: URL', () => {
    const error = errorOf(JSON.stringify({ followUps: [{ title: 'x', url: 'javascript:alert(1)' }] }));
    expect(error.message).toContain('followUps[0].url');
  });

  it('refuses a missing or blank title and a non-array list', () => {
    expect(errorOf(JSON.stringify({ tasks: [{ due: '2026-03-16' }] })).message).toContain('tasks[0].title');
    expect(errorOf(JSON.stringify({ tasks: [{ title: '   ' }] })).message).toContain('tasks[0].title');
    expect(errorOf(JSON.stringify({ followUps: 'call Bob' })).message).toContain('followUps');
  });

  it('refuses text that is not JSON without quoting it', () => {
    const error = errorOf('{"tasks": [{"title": "Secret merger plan"},]}');
    expect(error.message).toContain('not valid JSON');
    expect(error.message).not.toContain('Secret');
  });
});
