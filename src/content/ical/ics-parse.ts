/**
 * RFC 5545 §3.1 content lines → components, in one pass over the text. Only the components
 * and properties a briefing reads are kept (an ATTACH of base64 or an X-ALT-DESC of HTML is
 * skipped without parsing its parameters): a 10 MB feed costs what its events cost.
 *
 * The parse is a generator that pauses every few thousand lines, so that a caller can hand
 * the event loop back between slices (see drive-steps.ts); run to completion it is the
 * plain synchronous parse.
 */

export interface IcsProperty {
  readonly name: string;
  /** Parameter names upper-cased; values without their surrounding quotes. */
  readonly params: Readonly<Record<string, string>> | null;
  readonly value: string;
}

export interface IcsComponent {
  readonly type: string;
  readonly props: IcsProperty[];
  readonly children: IcsComponent[];
}

/** Why the text is not iCalendar; `line` is 1-based. Never carries the text itself. */
export class IcsSyntaxError extends Error {
  constructor(readonly line: number, problem: string) {
    super(`line ${line}: ${problem}`);
  }
}

const KEPT_PROPERTIES: Readonly<Record<string, ReadonlySet<string>>> = {
  VCALENDAR: new Set(['X-WR-TIMEZONE', 'METHOD']),
  VEVENT: new Set(['UID', 'DTSTART', 'DTEND', 'DURATION', 'RRULE', 'RDATE', 'EXDATE', 'EXRULE', 'RECURRENCE-ID',
    'SEQUENCE', 'STATUS', 'SUMMARY', 'LOCATION', 'DESCRIPTION', 'URL', 'ORGANIZER', 'ATTENDEE', 'CONFERENCE',
    'X-MICROSOFT-ONLINEMEETINGURL', 'X-MICROSOFT-SKYPETEAMSMEETINGURL', 'X-GOOGLE-CONFERENCE']),
  VTODO: new Set(['UID', 'DUE', 'STATUS', 'COMPLETED', 'SUMMARY', 'URL']),
  VTIMEZONE: new Set(['TZID', 'X-LIC-LOCATION']),
  STANDARD: new Set(['DTSTART', 'TZOFFSETFROM', 'TZOFFSETTO', 'RRULE', 'RDATE']),
  DAYLIGHT: new Set(['DTSTART', 'TZOFFSETFROM', 'TZOFFSETTO', 'RRULE', 'RDATE']),
};

/** Lines between pauses: about a millisecond of work. */
export const LINES_PER_STEP = 4000;
const MAX_DEPTH = 8;

function parseParams(text: string, line: number): Record<string, string> {
  const params: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    // text[i] is ';'
    const eq = text.indexOf('=', i + 1);
    if (eq < 0) throw new IcsSyntaxError(line, 'a parameter without "="');
    const key = text.slice(i + 1, eq).toUpperCase();
    let j = eq + 1;
    let value = '';
    // A parameter may hold several values, each quoted or not: keep the first one's text
    // unquoted and the rest as written (CN and TZID are single-valued in practice).
    for (;;) {
      if (text[j] === '"') {
        const close = text.indexOf('"', j + 1);
        if (close < 0) throw new IcsSyntaxError(line, 'an unclosed quote in a parameter');
        value += text.slice(j + 1, close);
        j = close + 1;
      } else {
        let k = j;
        while (k < text.length && text[k] !== ';' && text[k] !== ',') k += 1;
        value += text.slice(j, k);
        j = k;
      }
      if (text[j] !== ',') break;
      value += ',';
      j += 1;
    }
    params[key] = value;
    i = j;
  }
  return params;
}

/** The index of the ':' that ends the name and parameters (a ':' inside quotes does not). */
function valueColon(line: string, from: number): number {
  let quoted = false;
  for (let i = from; i < line.length; i += 1) {
    const c = line.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 58 && !quoted) return i;
  }
  return -1;
}

function propertyOf(name: string, line: string, nameEnd: number, lineNo: number): IcsProperty {
  if (line.charCodeAt(nameEnd) === 58) return { name, params: null, value: line.slice(nameEnd + 1) };
  const colon = valueColon(line, nameEnd);
  if (colon < 0) throw new IcsSyntaxError(lineNo, `property ${name} has no value (no ":")`);
  return { name, params: parseParams(line.slice(nameEnd, colon), lineNo), value: line.slice(colon + 1) };
}

/**
 * The VCALENDAR of `text`. Throws IcsSyntaxError for a text that is not one whole
 * VCALENDAR (truncated, unbalanced BEGIN/END, a property without a value).
 */
export function* parseIcsSteps(text: string): Generator<void, IcsComponent, void> {
  const stack: IcsComponent[] = [];
  let root: IcsComponent | null = null;
  let kept: ReadonlySet<string> | undefined;
  let skipDepth = 0; // inside a component we do not keep (VALARM…)
  let lineNo = 0;
  let sinceStep = 0;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = text.length;
  // The property being read: kept until its folded continuation lines are all in.
  let pendingName: string | null = null;
  let pendingLine = '';
  let pendingNameEnd = 0;
  let pendingNo = 0;

  const flush = (): void => {
    if (pendingName === null) return;
    stack[stack.length - 1]!.props.push(propertyOf(pendingName, pendingLine, pendingNameEnd, pendingNo));
    pendingName = null;
  };
  const component = (begin: boolean, type: string, at: number): void => {
    if (begin) {
      if (root && stack.length === 0) throw new IcsSyntaxError(at, `BEGIN:${type} after END:VCALENDAR`);
      if (!root && type !== 'VCALENDAR') throw new IcsSyntaxError(at, 'does not start with BEGIN:VCALENDAR');
      if (skipDepth > 0 || (stack.length > 0 && !KEPT_PROPERTIES[type])) {
        skipDepth += 1;
        if (skipDepth > MAX_DEPTH) throw new IcsSyntaxError(at, 'components nested too deeply');
        return;
      }
      const opened: IcsComponent = { type, props: [], children: [] };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(opened);
      else root = opened;
      stack.push(opened);
      kept = KEPT_PROPERTIES[type];
      return;
    }
    if (skipDepth > 0) {
      skipDepth -= 1;
      return;
    }
    const open = stack.pop();
    if (!open || open.type !== type) {
      throw new IcsSyntaxError(at, `END:${type} does not close ${open ? `BEGIN:${open.type}` : 'anything'}`);
    }
    kept = stack.length > 0 ? KEPT_PROPERTIES[stack[stack.length - 1]!.type] : undefined;
  };

  while (pos < length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = length;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const lineStart = pos;
    pos = end + 1;
    lineNo += 1;
    const first = text.charCodeAt(lineStart);
    if (first === 32 || first === 9) {
      // RFC 5545 §3.1: a folded line continues after one space or tab.
      if (pendingName !== null) pendingLine += text.slice(lineStart + 1, lineEnd);
      continue;
    }
    flush();
    if (lineStart === lineEnd) continue;
    if ((sinceStep += 1) >= LINES_PER_STEP) {
      sinceStep = 0;
      yield;
    }
    let nameEnd = lineStart;
    while (nameEnd < lineEnd) {
      const c = text.charCodeAt(nameEnd);
      if (c === 58 || c === 59) break; // ':' ';'
      nameEnd += 1;
    }
    let name = text.slice(lineStart, nameEnd);
    if (name === 'BEGIN' || name === 'END' || /^(begin|end)$/i.test(name)) {
      const begin = name.length === 5;
      component(begin, text.slice(nameEnd + 1, lineEnd).trim().toUpperCase(), lineNo);
      continue;
    }
    if (skipDepth > 0) continue;
    if (stack.length === 0) throw new IcsSyntaxError(lineNo, root ? 'text after END:VCALENDAR' : 'does not start with BEGIN:VCALENDAR');
    if (!kept?.has(name)) {
      name = name.toUpperCase();
      if (!kept?.has(name)) continue;
    }
    pendingName = name;
    pendingLine = text.slice(lineStart, lineEnd);
    pendingNameEnd = nameEnd - lineStart;
    pendingNo = lineNo;
  }
  flush();
  if (!root) throw new IcsSyntaxError(1, 'does not start with BEGIN:VCALENDAR');
  if (stack.length > 0) throw new IcsSyntaxError(lineNo, `ends inside BEGIN:${stack[stack.length - 1]!.type} (truncated?)`);
  return root;
}
