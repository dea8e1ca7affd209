/** The streaming CSV parser: the same records whatever the chunk boundaries; malformed input located. */
import { CsvError, CsvParser } from '../csv';

const TEXT = 'id,name,note\r\n1,"Lovelace, Ada","said ""hi""\nthen left"\r\n2,Bob,\n3,"",x\n\n4,last,"no newline"';
const EXPECTED = [
  { fields: ['id', 'name', 'note'], line: 1 },
  { fields: ['1', 'Lovelace, Ada', 'said "hi"\nthen left'], line: 2 },
  { fields: ['2', 'Bob', ''], line: 4 },
  { fields: ['3', '', 'x'], line: 5 },
  { fields: ['4', 'last', 'no newline'], line: 7 },
];

function parse(chunks: string[], delimiter = ','): Array<{ fields: string[]; line: number }> {
  const p = new CsvParser(delimiter);
  const out: Array<{ fields: string[]; line: number }> = [];
  for (const c of chunks) p.push(c, out);
  return p.end(out);
}

test('quoted delimiters, escaped quotes, line breaks in quotes, CRLF, empty lines, no final newline', () => {
  expect(parse([TEXT])).toEqual(EXPECTED);
});

test('every split of the text into two chunks, and one character at a time, gives the same records', () => {
  for (let i = 0; i <= TEXT.length; i++) expect(parse([TEXT.slice(0, i), TEXT.slice(i)])).toEqual(EXPECTED);
  expect(parse([...TEXT])).toEqual(EXPECTED);
});

test('another delimiter', () => {
  expect(parse(['a|"b|c"\n'], '|')).toEqual([{ fields: ['a', 'b|c'], line: 1 }]);
});

test.each([
  ['a,b"c\n', /line 1: a quote inside an unquoted field/],
  ['a,"b"c\n', /line 1: unexpected "c" after a closing quote/],
  ['h\n"open\nstill open', /line 2: a quoted field is not closed/],
])('malformed: %j', (text, message) => {
  expect(() => parse([text])).toThrow(CsvError);
  expect(() => parse([text])).toThrow(message);
});
