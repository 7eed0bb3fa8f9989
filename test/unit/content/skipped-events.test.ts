import { describe, expect, it } from 'vitest';
import { describeSkippedEvents } from '../../../src/content/skipped-events.ts';

describe('the outcome reason for left-out calendar events', () => {
  it('names one event', () => {
    expect(describeSkippedEvents(['a@test'])).toBe('left out 1 calendar event that could not be read: a@test');
  });

  it('says nothing when nothing was left out', () => {
    expect(describeSkippedEvents([])).toBeUndefined();
  });

  it('names at most five, cuts long UIDs and replaces control characters from the feed', () => {
    const uids = ['x'.repeat(200), 'line\r\nBcc: evil@test', 'c', 'd', 'e', 'f', 'g'];
    expect(describeSkippedEvents(uids)).toBe(
      `left out 7 calendar events that could not be read: ${'x'.repeat(79)}…, line??Bcc: evil@test, c, d, e and 2 more`,
    );
  });
});
