/**
 * `sfn import --update`: what a newer export keeps of the template it replaces.
 *
 * The placeholder values of the previous template come from two places:
 *  - a vars file (`--vars FILE`, e.g. the one `--vars-out` wrote at the previous import): authoritative;
 *  - the previous template itself, read against the new export at the same JSON pointers: where
 *    `"${ReceiveLeadFunctionArn}:$LATEST"` stood, the export now has
 *    `"arn:aws:lambda:...:function:ReceiveLead:$LATEST"`, so `ReceiveLeadFunctionArn` is the
 *    unqualified ARN. A name that two places (or the vars file) give different values learns
 *    nothing from its places.
 * Each string of the previous template that renders, with these values, to exactly what the export
 * has at the same place is kept as it is (a "pin": hand-written placeholders such as
 * `"TimeoutSeconds": "${Timeout}"` survive); elsewhere an identifier whose value a kept name has
 * gets that name, and new identifiers get new names that no previous placeholder uses.
 */
import { isDeepStrictEqual } from 'node:util';
import { pointerSegment } from '../problem';
import type { Template, TemplateValue } from '../template';
import type { Pin } from './rewrite';

export interface Learned {
  /** Values of the previous placeholders: the vars file's, then what the places agree on. */
  known: Record<string, TemplateValue>;
  pins: Map<string, Pin>;
  /** Placeholders of the previous template whose value neither the vars file nor the export tells. */
  unknown: string[];
}

type Token = { text: string } | { name: string };

/** The pieces of one string of a template (JSON-decoded): literal text and placeholders. */
export function templateTokens(s: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  for (let i = 0; i < s.length; ) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      text += `${s[i]}{`;
      i += 3;
      continue;
    }
    const m = s[i] === '$' ? /^\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}/.exec(s.slice(i)) : null;
    if (m) {
      if (text) tokens.push({ text });
      text = '';
      tokens.push({ name: m[1] });
      i += m[0].length;
      continue;
    }
    text += s[i];
    i++;
  }
  if (text) tokens.push({ text });
  return tokens;
}

const unescapeKey = (key: string) => key.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Candidate {
  pointer: string;
  text: string;
  assigns: Map<string, unknown>;
}

export function learnFromPrevious(previous: Template, definition: unknown, vars: Record<string, TemplateValue> = {}): Learned {
  const candidates: Candidate[] = [];
  const walk = (old: unknown, now: unknown, pointer: string) => {
    if (typeof old === 'string') {
      const tokens = templateTokens(old);
      if (!tokens.some((t) => 'name' in t)) return;
      const assigns = new Map<string, unknown>();
      if (tokens.length === 1 && 'name' in tokens[0]) assigns.set(tokens[0].name, now);
      else {
        if (typeof now !== 'string') return;
        const groups: string[] = [];
        const source = tokens
          .map((t) => {
            if ('text' in t) return escapeRegExp(t.text);
            const seen = groups.indexOf(t.name);
            if (seen >= 0) return `\\${seen + 1}`;
            groups.push(t.name);
            return '([\\s\\S]*?)';
          })
          .join('');
        const m = new RegExp(`^${source}$`).exec(now);
        if (!m) return;
        groups.forEach((name, i) => assigns.set(name, m[i + 1]));
      }
      candidates.push({ pointer, text: old, assigns });
      return;
    }
    if (Array.isArray(old)) {
      if (Array.isArray(now)) old.forEach((o, i) => i < now.length && walk(o, now[i], `${pointer}/${i}`));
      return;
    }
    if (old !== null && typeof old === 'object' && now !== null && typeof now === 'object' && !Array.isArray(now)) {
      for (const [key, o] of Object.entries(old)) {
        const k = unescapeKey(key);
        if (Object.prototype.hasOwnProperty.call(now, k)) walk(o, (now as Record<string, unknown>)[k], `${pointer}/${pointerSegment(k)}`);
      }
    }
  };
  walk(previous.document.value, definition, '');

  const learned = new Map<string, unknown>();
  const conflicted = new Set<string>();
  for (const c of candidates) {
    for (const [name, v] of c.assigns) {
      if (Object.prototype.hasOwnProperty.call(vars, name)) {
        if (!isDeepStrictEqual(vars[name], v)) conflicted.add(name);
      } else if (learned.has(name) && !isDeepStrictEqual(learned.get(name), v)) conflicted.add(name);
      else learned.set(name, v);
    }
  }
  const known: Record<string, TemplateValue> = { ...vars };
  for (const [name, v] of learned) if (!conflicted.has(name) && !(name in known)) known[name] = v as TemplateValue;
  const pins = new Map<string, Pin>();
  for (const c of candidates) {
    const names = [...c.assigns.keys()];
    if (names.every((n) => n in known && isDeepStrictEqual(known[n], c.assigns.get(n)))) pins.set(c.pointer, { text: c.text, names });
  }
  const unknown = previous.names.filter((n) => !(n in known));
  return { known, pins, unknown };
}
