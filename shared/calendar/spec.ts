/**
 * The business calendar document: an IANA zone, weekly opening hours, holidays, or always open.
 * Written with zod's functions and `.check()` only: the app's bundles build it with zod/mini (scripts/app/zod-for-sidebar.ts).
 */
import * as z from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = String.raw`(?:[01]\d|2[0-3]):[0-5]\d|24:00`;
const intervalPattern = new RegExp(`^(${HHMM})-(${HHMM})$`);

/** "08:00-18:00": start before end, local wall time; "24:00" closes at midnight. */
export const openingIntervalSchema = z.string().check(
  z.regex(intervalPattern, 'Use "HH:MM-HH:MM", for example "08:00-18:00"'),
  z.refine((value) => {
    const [start, end] = value.split('-') as [string, string];
    return start < end;
  }, 'The interval must end after it starts'),
);

/**
 * Zones found valid: constructing an Intl.DateTimeFormat costs ~0.4 ms, and every stored escalation's
 * events carry calendars that are checked again on each read. Only valid zones are kept, so the set stays
 * within the IANA list.
 */
const knownZones = new Set<string>();

export function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  knownZones.add(zone);
  return true;
}

export const calendarSchema = z
  .strictObject({
    id: z.string().check(z.trim(), z.minLength(1, 'Calendar id is required')),
    timezone: z.string().check(z.refine(isTimeZone, 'Unknown IANA time zone (for example "Europe/London")')),
    alwaysOpen: z.optional(z.boolean()),
    weekly: z.optional(z.partialRecord(z.enum(WEEKDAYS), z.array(openingIntervalSchema))),
    holidays: z.optional(z.array(z.iso.date('Holidays are dates like "2026-12-25"'))),
  })
  .check(
    z.refine((c) => c.alwaysOpen === true || (c.weekly !== undefined && Object.values(c.weekly).some((d) => d.length > 0)), {
      message: 'A calendar needs weekly opening hours or "alwaysOpen: true"',
      path: ['weekly'],
    }),
  );

/**
 * A business calendar as written in the matrix.
 * @example {id: 'contoso-hours', timezone: 'Europe/London', weekly: {mon: ['08:00-18:00']}, holidays: ['2026-12-25']}
 */
export type CalendarSpec = z.infer<typeof calendarSchema>;
