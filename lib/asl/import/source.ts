/**
 * A Workflow Studio export read from JSON or YAML (the console offers both), with the position of
 * every value and key kept, so that what the import reports is located at `file:line:column` of
 * the export. YAML anchors and aliases, custom tags, several documents and non-string keys are
 * refused: a definition is plain JSON data, and an alias would silently duplicate a subtree.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { parseJson } from '../json-source';
import { LineIndex, pointerSegment, SourceError, type Problem } from '../problem';

export interface Position {
  line: number;
  column: number;
}

export interface ExportSource {
  file: string;
  format: 'json' | 'yaml';
  text: string;
  value: unknown;
  /** The member names of the object at each pointer, in the order of the export (a JS object puts integer-like keys first). */
  keyOrder: Map<string, string[]>;
  /** Where the value at `pointer` (or the key naming it, with `atKey`) is; the nearest enclosing value when it is not in the source. */
  locate(pointer: string, atKey?: boolean): Position;
  /** Where `needle` is inside the string at `pointer` (the string's own position when it cannot be found verbatim, e.g. behind escapes). */
  locateIn(pointer: string, needle: string, atKey?: boolean): Position;
}

interface Extent {
  start: number;
  end: number;
}

/** JSON or YAML: by the file's extension, else by the first character (`{` or `[` is JSON). */
export function exportFormat(file: string, text: string): 'json' | 'yaml' {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.json$/i.test(file)) return 'json';
  return /^\uFEFF?\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** Parses an export; throws SourceError with every problem located. */
export function readExport(text: string, file: string): ExportSource {
  return exportFormat(file, text) === 'yaml' ? readYaml(text, file) : readJsonExport(text, file);
}

function sourceOf(file: string, format: 'json' | 'yaml', text: string, value: unknown, values: Map<string, Extent>, keys: Map<string, Extent>): ExportSource {
  const lines = new LineIndex(text);
  const keyOrder = new Map<string, string[]>();
  for (const member of keys.keys()) {
    const slash = member.lastIndexOf('/');
    const parent = member.slice(0, slash);
    const list = keyOrder.get(parent) ?? [];
    list.push(lastSegment(member));
    keyOrder.set(parent, list);
  }
  const extentOf = (pointer: string, atKey?: boolean): Extent => {
    let p = pointer;
    for (;;) {
      const e = (atKey && p === pointer ? keys.get(p) : undefined) ?? values.get(p);
      if (e) return e;
      if (p === '') return { start: 0, end: text.length };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
  return {
    file,
    format,
    text,
    value,
    keyOrder,
    locate: (pointer, atKey) => lines.locate(extentOf(pointer, atKey).start),
    locateIn: (pointer, needle, atKey) => {
      const e = extentOf(pointer, atKey);
      const at = text.indexOf(needle, e.start);
      return lines.locate(at >= 0 && at + needle.length <= e.end ? at : e.start);
    },
  };
}

function readJsonExport(text: string, file: string): ExportSource {
  const doc = parseJson(text, file);
  if (doc.duplicateKeys.length) {
    throw new SourceError(
      doc.duplicateKeys.map((d) => ({
        file,
        ...doc.lines.locate(d.offset),
        message: `member ${JSON.stringify(lastSegment(d.pointer))} appears twice in this object: the export is ambiguous (only the last one would count)`,
      })),
    );
  }
  const values = new Map<string, Extent>();
  const keys = new Map<string, Extent>();
  const ends = new Map(doc.strings.map((s) => [s.start, s.end]));
  for (const [pointer, start] of doc.valueOffsets) values.set(pointer, { start, end: ends.get(start) ?? text.length });
  for (const [pointer, start] of doc.keyOffsets) keys.set(pointer, { start, end: ends.get(start) ?? text.length });
  return sourceOf(file, 'json', text, doc.value, values, keys);
}

/**
 * How deep a YAML export may nest (ours): the `yaml` package parses nested collections
 * recursively and fails (a stack overflow, or out of memory far deeper) somewhere near 800
 * levels; 256 is far beyond any definition.
 */
export const MAX_YAML_DEPTH = 256;

/**
 * The offset where a YAML text nests deeper than `limit` (flow collections `[`/`{`, and block
 * collections by indentation and `- ` entries), found without parsing; -1 when it does not.
 */
export function yamlTooDeepAt(text: string, limit = MAX_YAML_DEPTH): number {
  let flow = 0;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      lineStart = false;
      if (c === '#' || c === '\r') continue;
      if (flow === 0) {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        // `- - - x`: each dash opens a sequence one level deeper.
        for (let k = i; text[k] === '-' && text[k + 1] === ' '; k += 2) indents.push(indent + (k - i) + 1);
        if (indents.length > limit) return i;
      }
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (c === '"' || c === "'") {
      // A quoted scalar: skip to its end (a doubled quote escapes in single quotes, a backslash in double).
      for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      if (++flow + indents.length > limit) return i;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return -1;
}

function readYaml(text: string, file: string): ExportSource {
  const deepAt = yamlTooDeepAt(text);
  if (deepAt >= 0) throw new SourceError([{ file, ...new LineIndex(text).locate(deepAt), message: `invalid YAML: nested more than ${MAX_YAML_DEPTH} levels deep (the local tools refuse deeper YAML; no real definition comes near)` }]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lines = new LineIndex(text);
  const problems: Problem[] = [];
  const at = (offset: number, message: string): void => {
    problems.push({ file, ...lines.locate(offset), message });
  };
  for (const e of [...doc.errors, ...doc.warnings])
    at(e.pos[0], `invalid YAML: ${/Maximum call stack/.test(e.message) ? 'nested too deeply to be read' : e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`);
  if (problems.length) throw new SourceError(problems);

  const values = new Map<string, Extent>();
  const keys = new Map<string, Extent>();
  const walk = (node: YamlNode | null, pointer: string, fallback: number): void => {
    if (node === null) return;
    const start = node.range?.[0] ?? fallback;
    values.set(pointer, { start, end: node.range?.[1] ?? start });
    if (isAlias(node)) return at(start, `YAML alias *${node.source} is not supported: write the value out (a definition is plain JSON data)`);
    // A node's range starts at its content; the anchor is written before it.
    if (node.anchor) at(Math.max(0, text.lastIndexOf(`&${node.anchor}`, start)), `YAML anchor &${node.anchor} is not supported: write the value out where it is used (a definition is plain JSON data)`);
    if (node.tag && !/^tag:yaml\.org,2002:/.test(node.tag)) at(start, `YAML tag ${node.tag} is not supported: a definition is plain JSON data`);
    if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) at(start, `${String(node.source ?? node.value)} is not a number JSON can represent`);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        const keyStart = key?.range?.[0] ?? start;
        if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number') || (key.anchor ?? key.tag)) {
          at(keyStart, 'YAML keys must be plain strings');
          continue;
        }
        const child = `${pointer}/${pointerSegment(String(key.value))}`;
        keys.set(child, { start: keyStart, end: key.range?.[1] ?? keyStart });
        walk(pair.value as YamlNode | null, child, keyStart);
        if (pair.value === null) values.set(child, { start: keyStart, end: keyStart });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as YamlNode | null, `${pointer}/${i}`, start));
    }
  };
  walk(doc.contents as YamlNode | null, '', 0);
  if (problems.length) throw new SourceError(problems);
  return sourceOf(file, 'yaml', text, doc.toJS(), values, keys);
}

const lastSegment = (pointer: string) => pointer.slice(pointer.lastIndexOf('/') + 1).replace(/~1/g, '/').replace(/~0/g, '~');
