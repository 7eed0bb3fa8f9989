import { isValidTimeZone } from '../../time/zones.ts';
import { WINDOWS_ZONES } from '../../time/windows-zones.ts';
import type { IcsComponent } from './ics-parse.ts';
import { cleanTzid } from './ics-values.ts';
import { fixedZone, ianaZone, UTC_ZONE, type WallZone } from './zone.ts';
import { vtimezoneZone } from './vtimezone.ts';

/**
 * What a TZID means, in the order real feeds need: an IANA name (Google, Apple, Nextcloud);
 * a Windows name or Outlook display name (Exchange); an IANA name at the end of a path
 * (old Thunderbird: "/mozilla.org/20050126_1/Europe/Amsterdam"); the feed's own VTIMEZONE
 * (its X-LIC-LOCATION, else its rules); an offset written into the name ("(UTC+01:00) …").
 * Undefined when none applies: the caller reads the time as floating.
 */
export function createZoneResolver(vtimezones: readonly IcsComponent[]): (tzid: string) => WallZone | undefined {
  const byId = new Map<string, IcsComponent>();
  for (const component of vtimezones) {
    const id = component.props.find((p) => p.name === 'TZID')?.value;
    if (id === undefined) continue;
    const clean = cleanTzid(id);
    if (!byId.has(clean)) byId.set(clean, component);
  }
  const known = new Map<string, WallZone | undefined>();
  const resolve = (tzid: string): WallZone | undefined => {
    if (isValidTimeZone(tzid)) return ianaZone(tzid);
    const windows = WINDOWS_ZONES.get(tzid);
    if (windows && isValidTimeZone(windows)) return ianaZone(windows);
    const segments = tzid.split('/');
    for (let i = 1; i < segments.length - 1; i += 1) {
      const tail = segments.slice(i).join('/');
      if (isValidTimeZone(tail)) return ianaZone(tail);
    }
    const definition = byId.get(tzid);
    if (definition) {
      const location = definition.props.find((p) => p.name === 'X-LIC-LOCATION')?.value.trim();
      if (location && isValidTimeZone(location)) return ianaZone(location);
      const own = vtimezoneZone(definition, tzid);
      if (own) return own;
    }
    if (/^(?:Z|GMT|UTC)$/i.test(tzid)) return UTC_ZONE;
    const offset = /^\(?(?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\)?/i.exec(tzid);
    if (offset) return fixedZone((offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)));
    return undefined;
  };
  return (tzid) => {
    if (!known.has(tzid)) known.set(tzid, resolve(tzid));
    return known.get(tzid);
  };
}
