import { compareInstants, isTimestamp, parseInstant, parseTimestamp } from '../timestamp';

describe('parseTimestamp (States Language "Timestamps": RFC 3339, uppercase T, Z or an offset)', () => {
  test.each([
    ['2016-03-14T01:59:00Z', Date.UTC(2016, 2, 14, 1, 59, 0)],
    ['2016-08-18T17:33:00Z', Date.UTC(2016, 7, 18, 17, 33, 0)],
    ['2001-01-01T12:00:00Z', Date.UTC(2001, 0, 1, 12, 0, 0)],
    ['2001-01-01T13:00:00+01:00', Date.UTC(2001, 0, 1, 12, 0, 0)],
    ['2001-01-01T07:30:00-04:30', Date.UTC(2001, 0, 1, 12, 0, 0)],
    ['2016-03-14T01:59:00.123Z', Date.UTC(2016, 2, 14, 1, 59, 0, 123)],
    ['2016-03-14T01:59:00.1Z', Date.UTC(2016, 2, 14, 1, 59, 0, 100)],
    ['2016-03-14T01:59:00.123456789Z', Date.UTC(2016, 2, 14, 1, 59, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59Z', -1000],
    ['9999-12-31T23:59:59Z', Date.UTC(9999, 11, 31, 23, 59, 59)],
  ])('%s', (s, ms) => {
    expect(parseTimestamp(s)).toBe(ms);
    expect(isTimestamp(s)).toBe(true);
  });

  test('years below 100 are not shifted into the 1900s', () => {
    const d = new Date(0);
    d.setUTCFullYear(1, 0, 1);
    expect(parseTimestamp('0001-01-01T00:00:00Z')).toBe(d.getTime());
  });

  test.each([
    '2016-03-14t01:59:00Z',
    '2016-03-14T01:59:00z',
    '2016-03-14T01:59:00',
    '2016-03-14 01:59:00Z',
    '2016-03-14T01:59Z',
    '2016-03-14',
    '2016-3-14T01:59:00Z',
    '2016-13-01T00:00:00Z',
    '2016-00-01T00:00:00Z',
    '2016-04-31T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2016-03-14T24:00:00Z',
    '2016-03-14T23:60:00Z',
    '2016-03-14T23:59:60Z',
    '2016-03-14T01:59:00+0100',
    '2016-03-14T01:59:00+24:00',
    '2016-03-14T01:59:00.Z',
    ' 2016-03-14T01:59:00Z',
    '',
  ])('invalid: %j', (s) => {
    expect(parseTimestamp(s)).toBeUndefined();
    expect(isTimestamp(s)).toBe(false);
  });

  test('non-strings are not timestamps', () => {
    expect(isTimestamp(1458000000)).toBe(false);
    expect(isTimestamp(null)).toBe(false);
  });

  test('instants keep nanoseconds for comparisons', () => {
    const a = parseInstant('2016-03-14T01:59:00.0000001Z')!;
    const b = parseInstant('2016-03-14T01:59:00.0000002Z')!;
    expect(a.ms).toBe(b.ms);
    expect(compareInstants(a, b)).toBeLessThan(0);
    expect(compareInstants(b, a)).toBeGreaterThan(0);
    expect(compareInstants(parseInstant('2001-01-01T13:00:00+01:00')!, parseInstant('2001-01-01T12:00:00Z')!)).toBe(0);
  });
});
