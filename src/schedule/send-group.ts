/** A send group: everyone with the same time zone and local send time ("Europe/Amsterdam|07:30"). */
export interface SendGroup {
  readonly timeZone: string;
  readonly sendAt: string;
}

export function parseSendGroup(text: string): SendGroup | null {
  const bar = text.lastIndexOf('|');
  if (bar <= 0) return null;
  return { timeZone: text.slice(0, bar), sendAt: text.slice(bar + 1) };
}

export function sendGroupName(group: SendGroup): string {
  return `${group.timeZone}|${group.sendAt}`;
}
