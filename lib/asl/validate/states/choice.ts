/**
 * Choice state: Choices (non-empty) and Default. JSONPath Choice Rules are boolean expressions
 * (And, Or, Not) or data tests (Variable + exactly one comparison operator); JSONata rules have
 * a Condition. Top-level rules need Next; nested rules must not have one.
 */
import { z } from 'zod';
import { SCHEMA, didYouMean, fieldLabel, has, isObject, ptr, show, stateLabel, type JsonObject, type QueryLanguage, type StateCheck } from '../context';
import { PLAIN, REFERENCE_PATH, checkAssign, checkIoPaths, checkJsonataField, checkJsonataValue, checkPathField } from '../common/payload';
import { isJsonataString } from '../common/jsonata';
import { anyJson, isTimestamp, nonEmptyString, object, pathString, type FieldTable } from '../common/schemas';
import { BASE_SHAPE, COMMON_FIELDS, IO_FIELDS, NOT_TASK_NOTES, type StateType } from '../common/state';

export const fields = {
  ...COMMON_FIELDS,
  ...IO_FIELDS,
  Choices: 'both',
  Default: 'both',
  Assign: 'both',
  Output: 'JSONata',
} as const;

const notes = {
  ...NOT_TASK_NOTES,
  Next: 'a Choice state goes to the Next of the matching Choice Rule, or to its Default',
  End: 'a Choice state cannot end the execution; make Default (or a rule\'s Next) a Succeed or Fail state',
};

type Operand = 'string' | 'number' | 'boolean' | 'timestamp' | 'path' | 'pattern';

/** Every comparison operator and the type of its operand. */
export const COMPARISON_OPERATORS: Readonly<Record<string, Operand>> = (() => {
  const ops: Record<string, Operand> = {};
  const typed: Array<[string, Operand]> = [
    ['String', 'string'],
    ['Numeric', 'number'],
    ['Timestamp', 'timestamp'],
  ];
  for (const [prefix, operand] of typed)
    for (const suffix of ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals']) {
      ops[prefix + suffix] = operand;
      ops[prefix + suffix + 'Path'] = 'path';
    }
  ops.BooleanEquals = 'boolean';
  ops.BooleanEqualsPath = 'path';
  ops.StringMatches = 'pattern';
  for (const t of ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp']) ops[t] = 'boolean';
  return Object.freeze(ops);
})();

const COMBINATORS = ['And', 'Or', 'Not'];
const ALL_OPERATORS = [...Object.keys(COMPARISON_OPERATORS), ...COMBINATORS];
const OPERATOR_SET = new Set(ALL_OPERATORS);

const jsonPathRuleFields = (top: boolean): FieldTable => {
  const t: Record<string, 'both'> = { Variable: 'both', Comment: 'both' };
  for (const op of ALL_OPERATORS) t[op] = 'both';
  if (top) {
    t.Next = 'both';
    t.Assign = 'both';
  }
  return t;
};
const TOP_RULE_FIELDS = jsonPathRuleFields(true);
const NESTED_RULE_FIELDS = jsonPathRuleFields(false);
const JSONATA_RULE_FIELDS: FieldTable = { Condition: 'both', Next: 'both', Comment: 'both', Assign: 'both', Output: 'both' };

const OPERAND_TEXT: Record<Operand, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  timestamp: 'an RFC 3339 timestamp string such as "2016-03-14T01:59:00Z"',
  path: 'a reference path string',
  pattern: 'a string pattern (where "*" matches any characters)',
};

const schema = (ql: QueryLanguage) =>
  z.looseObject({
    ...BASE_SHAPE,
    Choices: z.array(z.unknown(), { error: () => 'must be a non-empty array of Choice Rules' }).min(1, { error: () => 'must be a non-empty array of Choice Rules' }),
    Default: nonEmptyString('the name of a state').optional(),
    Assign: object().optional(),
    ...(ql === 'JSONPath'
      ? { InputPath: pathString(true).optional(), OutputPath: pathString(true).optional() }
      : { Output: anyJson().optional() }),
  });

export const choice: StateType = {
  fields,
  notes,
  schemas: { JSONPath: schema('JSONPath'), JSONata: schema('JSONata') },
  check(s: StateCheck) {
    const st = s.state;
    if (s.ql === 'JSONPath') checkIoPaths(s);
    else checkJsonataField(s, 'Output', PLAIN);
    if (isObject(st.Assign)) checkAssign(s, st.Assign, ['Assign'], PLAIN);
    if (Array.isArray(st.Choices)) {
      st.Choices.forEach((rule, i) => {
        const at = ['Choices', i];
        if (!isObject(rule)) {
          s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(at))} must be a Choice Rule object, got ${show(rule)}`);
          return;
        }
        if (s.ql === 'JSONata') checkJsonataRule(s, rule, at);
        else checkJsonPathRule(s, rule, at, true);
      });
    }
    if (typeof st.Default === 'string' && st.Default !== '') s.transition(st.Default, ['Default']);
  },
};

function checkTopRuleCommon(s: StateCheck, rule: JsonObject, at: Array<string | number>, skipped: ReadonlySet<string>): void {
  const label = `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(at))}`;
  if (!has(rule, 'Next')) s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${label}: a Choice Rule needs "Next", the state to go to when it matches`);
  else if (typeof rule.Next !== 'string' || rule.Next === '')
    s.ctx.report(ptr(s.pointer, ...at, 'Next'), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'Next']))} must be the name of a state, got ${show(rule.Next)}`);
  else s.transition(rule.Next, [...at, 'Next']);
  if (has(rule, 'Comment') && typeof rule.Comment !== 'string')
    s.ctx.report(ptr(s.pointer, ...at, 'Comment'), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'Comment']))} must be a string, got ${show(rule.Comment)}`);
  if (has(rule, 'Assign') && !skipped.has('Assign')) {
    if (!isObject(rule.Assign))
      s.ctx.report(ptr(s.pointer, ...at, 'Assign'), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'Assign']))} must be a JSON object, got ${show(rule.Assign)}`);
    else checkAssign(s, rule.Assign, [...at, 'Assign'], PLAIN);
  }
}

function checkJsonataRule(s: StateCheck, rule: JsonObject, at: Array<string | number>): void {
  const skipped = new Set<string>();
  for (const key of Object.keys(rule)) {
    if (has(JSONATA_RULE_FIELDS, key)) continue;
    skipped.add(key);
    const label = `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, key]))}`;
    if (key === 'Variable' || OPERATOR_SET.has(key))
      s.ctx.report(ptr(s.pointer, ...at, key), SCHEMA, `${label} is only supported with the JSONPath query language, and this state's query language is JSONata (use "Condition")`, true);
    else s.ctx.report(ptr(s.pointer, ...at, key), SCHEMA, `${label} is not supported in a Choice Rule${didYouMean(key, Object.keys(JSONATA_RULE_FIELDS))}`, true);
  }
  checkTopRuleCommon(s, rule, at, skipped);
  const label = `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'Condition']))}`;
  if (!has(rule, 'Condition')) {
    if (!skipped.size || ![...skipped].some((k) => k === 'Variable' || OPERATOR_SET.has(k)))
      s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(at))}: a JSONata Choice Rule needs "Condition"`);
  } else if (typeof rule.Condition === 'string' && isJsonataString(rule.Condition)) {
    checkJsonataValue(s, rule.Condition, [...at, 'Condition'], PLAIN);
  } else if (typeof rule.Condition !== 'boolean') {
    s.ctx.report(ptr(s.pointer, ...at, 'Condition'), SCHEMA, `${label} must be a boolean or a JSONata expression "{% ... %}", got ${show(rule.Condition)}`);
  }
  if (has(rule, 'Output')) checkJsonataValue(s, rule.Output, [...at, 'Output'], PLAIN);
}

function checkJsonPathRule(s: StateCheck, rule: JsonObject, at: Array<string | number>, top: boolean): void {
  checkJsonPathRuleFields(s, rule, at, top);
  const where = `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(at))}`;
  const op = ruleOperator(s, rule, at, where);
  if (op === undefined) return;
  if (op === 'And' || op === 'Or') checkAndOr(s, rule, at, op, where);
  else if (op === 'Not') checkNot(s, rule, at, where);
  else checkDataTest(s, rule, at, op, where);
}

/** The fields of a JSONPath Choice Rule other than its operator: the ones a top-level or nested rule allows. */
function checkJsonPathRuleFields(s: StateCheck, rule: JsonObject, at: Array<string | number>, top: boolean): void {
  const table = top ? TOP_RULE_FIELDS : NESTED_RULE_FIELDS;
  const skipped = new Set<string>();
  for (const key of Object.keys(rule)) {
    if (has(table, key)) continue;
    skipped.add(key);
    const label = `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, key]))}`;
    if (key === 'Condition' || key === 'Output')
      s.ctx.report(ptr(s.pointer, ...at, key), SCHEMA, `${label} is only supported with the JSONata query language, and this state's query language is JSONPath`, true);
    else if (!top && (key === 'Next' || key === 'Assign'))
      s.ctx.report(ptr(s.pointer, ...at, key), SCHEMA, `${label}: a Choice Rule nested in And, Or or Not cannot have "${key}"; only the top-level rule has it`, true);
    else s.ctx.report(ptr(s.pointer, ...at, key), SCHEMA, `${label} is not supported in a Choice Rule${didYouMean(key, Object.keys(table))}`, true);
  }
  if (top) checkTopRuleCommon(s, rule, at, skipped);
  else if (has(rule, 'Comment') && typeof rule.Comment !== 'string')
    s.ctx.report(ptr(s.pointer, ...at, 'Comment'), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'Comment']))} must be a string, got ${show(rule.Comment)}`);
}

/** The rule's one operator (a comparison, And, Or or Not); undefined, and a finding, when it has none or several. */
function ruleOperator(s: StateCheck, rule: JsonObject, at: Array<string | number>, where: string): string | undefined {
  const ops = Object.keys(rule).filter((k) => OPERATOR_SET.has(k));
  if (ops.length === 0) {
    s.ctx.report(
      ptr(s.pointer, ...at),
      SCHEMA,
      `${where}: a Choice Rule needs exactly one comparison operator (StringEquals, NumericLessThan, IsPresent, ...) or And, Or, Not`,
    );
    if (has(rule, 'Variable')) checkVariable(s, rule, at);
    return undefined;
  }
  if (ops.length > 1) {
    for (const extra of ops.slice(1))
      s.ctx.report(
        ptr(s.pointer, ...at, extra),
        SCHEMA,
        `${where}: has both "${ops[0]}" and "${extra}"; each Choice Rule takes exactly one comparison operator (combine rules with And, Or)`,
        true,
      );
    return undefined;
  }
  return ops[0];
}

/** And, Or: a non-empty array of nested rules, no Variable of its own. */
function checkAndOr(s: StateCheck, rule: JsonObject, at: Array<string | number>, op: 'And' | 'Or', where: string): void {
  const value = rule[op];
  const opAt = [...at, op];
  if (has(rule, 'Variable'))
    s.ctx.report(ptr(s.pointer, ...at, 'Variable'), SCHEMA, `${where}: "Variable" does not go with "${op}"; put it in the nested rules`, true);
  if (!Array.isArray(value) || value.length === 0) {
    s.ctx.report(ptr(s.pointer, ...opAt), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(opAt))} must be a non-empty array of Choice Rules, got ${show(value)}`);
    return;
  }
  value.forEach((r, i) => {
    if (!isObject(r)) s.ctx.report(ptr(s.pointer, ...opAt, i), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...opAt, i]))} must be a Choice Rule object, got ${show(r)}`);
    else checkJsonPathRule(s, r, [...opAt, i], false);
  });
}

/** Not: one nested rule, no Variable of its own. */
function checkNot(s: StateCheck, rule: JsonObject, at: Array<string | number>, where: string): void {
  const value = rule.Not;
  const opAt = [...at, 'Not'];
  if (has(rule, 'Variable'))
    s.ctx.report(ptr(s.pointer, ...at, 'Variable'), SCHEMA, `${where}: "Variable" does not go with "Not"; put it in the nested rule`, true);
  if (!isObject(value)) s.ctx.report(ptr(s.pointer, ...opAt), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(opAt))} must be a single Choice Rule object, got ${show(value)}`);
  else checkJsonPathRule(s, value, opAt, false);
}

/** A data test: Variable and an operand of the operator's type (a valid path, a StringMatches pattern with known escapes). */
function checkDataTest(s: StateCheck, rule: JsonObject, at: Array<string | number>, op: string, where: string): void {
  const value = rule[op];
  const opAt = [...at, op];
  const opLabel = `${stateLabel(s)}: field ${JSON.stringify(fieldLabel(opAt))}`;
  if (!has(rule, 'Variable')) s.ctx.report(ptr(s.pointer, ...at), SCHEMA, `${where}: a "${op}" rule needs "Variable", the path of the value to test`);
  else checkVariable(s, rule, at);
  const operand = COMPARISON_OPERATORS[op];
  if (!operandMatches(operand, value)) {
    s.ctx.report(ptr(s.pointer, ...opAt), SCHEMA, `${opLabel} must be ${OPERAND_TEXT[operand]}, got ${show(value)}`);
    return;
  }
  if (operand === 'path') checkPathField(s, opAt, value, REFERENCE_PATH);
  if (operand === 'pattern') {
    const bad = /\\(?![*\\])/.exec(value as string);
    if (bad)
      s.ctx.report(ptr(s.pointer, ...opAt), SCHEMA, `${opLabel} has an open escape "\\" at character ${bad.index + 1}: only "\\*" and "\\\\" are escapes in StringMatches`);
  }
}

/** Whether an operator's value has the type its operand needs. */
function operandMatches(operand: Operand, value: unknown): boolean {
  switch (operand) {
    case 'string':
    case 'pattern':
    case 'path':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return isTimestamp(value);
  }
}

function checkVariable(s: StateCheck, rule: JsonObject, at: Array<string | number>): void {
  const v = rule.Variable;
  if (typeof v !== 'string')
    s.ctx.report(ptr(s.pointer, ...at, 'Variable'), SCHEMA, `${stateLabel(s)}: field ${JSON.stringify(fieldLabel([...at, 'Variable']))} must be a path string such as "$.status", got ${show(v)}`);
  else checkPathField(s, [...at, 'Variable'], v, REFERENCE_PATH);
}
