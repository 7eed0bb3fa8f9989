import { IANAZone } from 'luxon';
import { DAY_MS } from './civil.ts';

/**
 * A time zone as the calendar reader needs it: the UTC offset at an instant. IANA zones ask
 * Intl (through Luxon) once per zone and UTC day and remember the answer; a VTIMEZONE the
 * feed defines itself (Outlook's "Customized Time Zone") computes its own (vtimezone.ts).
 */
export interface WallZone {
  readonly name: string;
  /** Minutes east of UTC at the instant `utc` (ms). */
  offsetAt(utc: number): number;
}

export const UTC_ZONE: WallZone = { name: 'UTC', offsetAt: () => 0 };

const MAX_REMEMBERED_DAYS = 20_000;

class IanaZone implements WallZone {
  private readonly zone: IANAZone;
  /** Per UTC day: the offset all day long, or NaN when it changes that day. */
  private readonly days = new Map<number, number>();

  constructor(readonly name: string) {
    this.zone = IANAZone.create(name);
  }

  offsetAt(utc: number): number {
    const day = Math.floor(utc / DAY_MS);
    let offset = this.days.get(day);
    if (offset === undefined) {
      const first = this.zone.offset(day * DAY_MS);
      offset = first === this.zone.offset(day * DAY_MS + DAY_MS - 1) ? first : Number.NaN;
      if (this.days.size >= MAX_REMEMBERED_DAYS) this.days.clear();
      this.days.set(day, offset);
    }
    return Number.isNaN(offset) ? this.zone.offset(utc) : offset;
  }
}

const ianaZones = new Map<string, WallZone>();

/** The IANA zone `name` (already checked with isValidTimeZone), shared by every calendar. */
export function ianaZone(name: string): WallZone {
  let zone = ianaZones.get(name);
  if (!zone) {
    zone = name === 'UTC' || name === 'Etc/UTC' ? UTC_ZONE : new IanaZone(name);
    // A few hundred zones exist; the bound only guards against a feed inventing names.
    if (ianaZones.size >= 1000) ianaZones.clear();
    ianaZones.set(name, zone);
  }
  return zone;
}

export function fixedZone(minutes: number): WallZone {
  return { name: `UTC${minutes >= 0 ? '+' : ''}${minutes}`, offsetAt: () => minutes };
}

export const wallOf = (zone: WallZone, utc: number): number => utc + zone.offsetAt(utc) * 60_000;

/**
 * The instant a wall-clock time happens in `zone`. RFC 5545 §3.3.5: a time that falls in a
 * DST gap is read with the offset from before the gap (02:30 on a spring-forward night is
 * 03:30 summer time); a time that happens twice is its first occurrence.
 */
export function instantOf(zone: WallZone, wall: number): number {
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);
  if (before === after) return wall - before * 60_000;
  const early = wall - before * 60_000;
  const late = wall - after * 60_000;
  const earlyValid = zone.offsetAt(early) === before;
  const lateValid = zone.offsetAt(late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (lateValid) return late;
  return early;
}
