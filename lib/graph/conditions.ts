/**
 * Choice rules as short readable text for edge labels: `$.amount > 100`, `$.kind == "gold"`,
 * `($.a is present) and (not ($.b == true))`; a JSONata `Condition` is shown as its expression.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
type Rule = Record<string, any>;

const OPERATORS: Array<[RegExp, string]> = [
  [/^(String|Numeric|Boolean|Timestamp)Equals$/, '=='],
  [/^(String|Numeric|Timestamp)LessThan$/, '<'],
  [/^(String|Numeric|Timestamp)GreaterThan$/, '>'],
  [/^(String|Numeric|Timestamp)LessThanEquals$/, '<='],
  [/^(String|Numeric|Timestamp)GreaterThanEquals$/, '>='],
  [/^StringMatches$/, 'matches'],
];

/** The type tests of the States Language: `IsNull: true` reads `is null`, `false` reads `is not null`. */
const TESTS: Record<string, string> = {
  IsNull: 'null',
  IsPresent: 'present',
  IsNumeric: 'numeric',
  IsString: 'a string',
  IsBoolean: 'a boolean',
  IsTimestamp: 'a timestamp',
};

const literal = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** The JSONata expression of a `{% ... %}` string, without its delimiters. */
export function jsonataText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\{%([\s\S]*)%\}$/.exec(v);
  return m ? m[1].trim().replace(/\s+/g, ' ') : undefined;
}

/** A readable form of one Choice rule (JSONPath) or of its JSONata `Condition`. */
export function conditionText(rule: Rule): string {
  if (rule === null || typeof rule !== 'object') return '?';
  if ('Condition' in rule) return jsonataText(rule.Condition) ?? literal(rule.Condition);
  const nested = (r: Rule) => {
    const t = conditionText(r);
    return r && (r.And || r.Or) ? `(${t})` : t;
  };
  if (Array.isArray(rule.And)) return rule.And.map(nested).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.map(nested).join(' or ');
  if (rule.Not) return `not (${conditionText(rule.Not)})`;
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '?';
  for (const [key, value] of Object.entries(rule)) {
    if (key in TESTS) return `${variable} is ${value === false ? 'not ' : ''}${TESTS[key]}`;
    const path = key.endsWith('Path');
    const base = path ? key.slice(0, -4) : key;
    const op = OPERATORS.find(([re]) => re.test(base));
    if (op) return `${variable} ${op[1]} ${path ? String(value) : literal(value)}`;
  }
  return variable;
}

/** Cuts text to `max` characters with an ellipsis. */
export function shorten(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
