/**
 * Timestamps as the States Language defines them: RFC 3339 date-times with an uppercase "T"
 * between date and time and, without a numeric offset, an uppercase "Z"
 * (for example "2016-03-14T01:59:00Z"). The same profile the validator accepts.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** An instant: epoch milliseconds and the nanoseconds within that millisecond (0..999999). */
export interface Instant {
  ms: number;
  nanos: number;
}

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's algorithm; valid for every proleptic Gregorian year.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses a timestamp into an instant; undefined when it is not a valid timestamp. */
export function parseInstant(s: string): Instant | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = Number(m[6]);
  if (mo < 1 || mo > 12) return undefined;
  const dim = mo === 2 && isLeap(y) ? 29 : DAYS[mo - 1];
  if (d < 1 || d > dim) return undefined;
  // Seconds 60 (leap seconds) are refused, as java.time does.
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  let offsetMin = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const frac = m[7] ?? '';
  const digits = (frac + '000000000').slice(0, 9);
  const msFrac = Number(digits.slice(0, 3));
  const nanos = Number(digits.slice(3, 9));
  const days = daysFromCivil(y, mo, d);
  const ms = ((days * 24 + h) * 60 + mi - offsetMin) * 60000 + sec * 1000 + msFrac;
  return { ms, nanos };
}

/** RFC 3339 timestamp (States Language profile) -> epoch milliseconds; undefined when invalid. */
export function parseTimestamp(s: string): number | undefined {
  const i = parseInstant(s);
  return i === undefined ? undefined : i.ms;
}

/** Whether a value is a timestamp (the Choice state's IsTimestamp). */
export function isTimestamp(v: unknown): v is string {
  return typeof v === 'string' && parseInstant(v) !== undefined;
}

/** Compares two instants: negative, 0 or positive. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.nanos - b.nanos;
}
