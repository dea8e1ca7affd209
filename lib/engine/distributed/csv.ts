/**
 * A streaming CSV parser (RFC 4180): fields separated by a delimiter, optionally quoted with `"`
 * (a quoted field may hold the delimiter, line breaks and `""` for a quote), records ended by
 * LF or CRLF. Text is pushed in chunks of any size; complete records come out as they end, so
 * a file of any size is read in bounded memory. A malformed record (a quote inside an unquoted
 * field, text after a closing quote, an unterminated quote) throws CsvError with its line.
 */

export class CsvError extends Error {}

/** The delimiters of ReaderConfig.CSVDelimiter. */
export const CSV_DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

export class CsvParser {
  private field = '';
  private record: string[] = [];
  /** 0: start of a field, 1: unquoted, 2: quoted, 3: quote inside quoted (closing or escaped). */
  private mode = 0;
  private pendingCR = false;
  /** Line (1-based) where the current record started, and the current line. */
  private recordLine = 1;
  private line = 1;

  constructor(private readonly delimiter = ',') {}

  /** The records completed by this chunk, each with the line it started on. */
  push(chunk: string, out: Array<{ fields: string[]; line: number }> = []): Array<{ fields: string[]; line: number }> {
    const d = this.delimiter;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === '\n') continue;
      }
      switch (this.mode) {
        case 2:
          if (c === '"') this.mode = 3;
          else {
            if (c === '\n') this.line++;
            this.field += c;
          }
          continue;
        case 3:
          if (c === '"') {
            this.field += '"';
            this.mode = 2;
            continue;
          }
          if (c !== d && c !== '\n' && c !== '\r') throw new CsvError(`line ${this.line}: unexpected ${JSON.stringify(c)} after a closing quote`);
          break;
        case 0:
          if (c === '"') {
            this.mode = 2;
            continue;
          }
          break;
        case 1:
          if (c === '"') throw new CsvError(`line ${this.line}: a quote inside an unquoted field`);
          break;
      }
      if (c === d) {
        this.record.push(this.field);
        this.field = '';
        this.mode = 0;
      } else if (c === '\n' || c === '\r') {
        this.endRecord(out);
        if (c === '\r') this.pendingCR = true;
        this.line++;
        this.recordLine = this.line;
      } else {
        this.field += c;
        this.mode = 1;
      }
    }
    return out;
  }

  /** The last record (a file need not end with a line break). */
  end(out: Array<{ fields: string[]; line: number }> = []): Array<{ fields: string[]; line: number }> {
    if (this.mode === 2) throw new CsvError(`line ${this.recordLine}: a quoted field is not closed before the end of the file`);
    if (this.mode !== 0 || this.record.length > 0) this.endRecord(out);
    return out;
  }

  private endRecord(out: Array<{ fields: string[]; line: number }>): void {
    if (this.mode === 0 && this.record.length === 0 && this.field === '') return; // an empty line
    this.record.push(this.field);
    out.push({ fields: this.record, line: this.recordLine });
    this.record = [];
    this.field = '';
    this.mode = 0;
  }
}
