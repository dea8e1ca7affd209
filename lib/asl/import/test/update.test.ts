/** --update: the names of the previous template are kept, by value and by place; new identifiers get new names. */
import { Template } from '../../template';
import { importExport, type ImportResult } from '../index';
import { learnFromPrevious, templateTokens } from '../update';

const fnArn = (name: string, q = '') => `arn:aws:lambda:us-east-1:123456789012:function:${name}${q}`;
const task = (functionName: string, next?: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionName, 'Payload.$': '$' },
  ...(next ? { Next: next } : { End: true }),
});
const machine = (states: Record<string, unknown>) => ({ StartAt: Object.keys(states)[0], States: states });
const template = (definition: unknown) => Template.parse(`${JSON.stringify(definition, null, 2)}\n`, 'statemachine/w.asl.json');
const reimport = (previous: Template, definition: unknown, vars?: Record<string, string | number>): ImportResult =>
  importExport(JSON.stringify(definition, null, 2), 'export.json', { target: 'statemachine/w.asl.json', previous: { template: previous, vars } });

test('template strings split into text and placeholders, escapes undone', () => {
  expect(templateTokens('a $${b} ${ C }:x %%{d}')).toEqual([{ text: 'a ${b} ' }, { name: 'C' }, { text: ':x %{d}' }]);
});

test('a hand-named placeholder keeps its name at its place, even over a qualified ARN', () => {
  const previous = template(machine({ Invoke: task('${ProcessingLambda}') }));
  const r = reimport(previous, machine({ Invoke: { ...task(fnArn('hello', ':$LATEST')), TimeoutSeconds: 9 } }));
  expect(r.values).toEqual({ ProcessingLambda: fnArn('hello', ':$LATEST') });
  expect(r.text).toContain('"FunctionName": "${ProcessingLambda}"');
  // It is still recognised as a function, so the binding printed is fn('hello').
  expect(r.placeholders[0]).toMatchObject({ name: 'ProcessingLambda', kind: 'function', resource: 'hello' });
});

test('by value: a state that moved keeps the name; a new function gets a new one, never a previous name', () => {
  const previous = template(machine({ A: task('${Worker}', 'B'), B: task('${OrdersFunctionArn}') }));
  const vars = { Worker: fnArn('work'), OrdersFunctionArn: fnArn('OldOrders') };
  const r = reimport(previous, machine({ Start: task(fnArn('Orders'), 'Then'), Then: task(fnArn('work')) }), vars);
  // `Orders` would be OrdersFunctionArn, which the previous template uses for another function.
  expect(r.values).toEqual({ OrdersFunctionArn2: fnArn('Orders'), Worker: fnArn('work') });
  expect(r.removed).toEqual(['OrdersFunctionArn']);
});

test('typed placeholders (a number in TimeoutSeconds) survive when the export has that value there', () => {
  const previous = template(machine({ A: { ...task('${Fn}'), TimeoutSeconds: '${Timeout}' } }));
  const r = reimport(previous, machine({ A: { ...task(fnArn('f')), TimeoutSeconds: 30 } }));
  expect(r.values).toEqual({ Fn: fnArn('f'), Timeout: 30 });
  expect(r.text).toContain('"TimeoutSeconds": "${Timeout}"');
  expect(Template.parse(r.text, 'x').renderValue(r.values)).toEqual(machine({ A: { ...task(fnArn('f')), TimeoutSeconds: 30 } }));
});

test('a name that two places give different values learns nothing from them', () => {
  const previous = template(machine({ A: task('${Fn}', 'B'), B: task('${Fn}') }));
  const learned = learnFromPrevious(previous, machine({ A: task(fnArn('one'), 'B'), B: task(fnArn('two')) }));
  expect(learned.known).toEqual({});
  expect(learned.pins.size).toBe(0);
  expect(learned.unknown).toEqual(['Fn']);
  const r = reimport(previous, machine({ A: task(fnArn('one'), 'B'), B: task(fnArn('two')) }));
  expect(Object.keys(r.values)).toEqual(['OneFunctionArn', 'TwoFunctionArn']);
  expect(r.removed).toEqual(['Fn']);
});

test('the vars file wins over what a place suggests', () => {
  const previous = template(machine({ A: task('${Fn}') }));
  const learned = learnFromPrevious(previous, machine({ A: task(fnArn('new')) }), { Fn: fnArn('old') });
  expect(learned.known).toEqual({ Fn: fnArn('old') });
  expect(learned.pins.size).toBe(0);
  const r = reimport(previous, machine({ A: task(fnArn('new')) }), { Fn: fnArn('old') });
  expect(r.values).toEqual({ NewFunctionArn: fnArn('new') });
});

test('a placeholder inside a longer string is matched around its literal text', () => {
  const previous = template(machine({ A: { Type: 'Pass', Result: 'arn:aws:glue:${Region}:${Account}:job/x', End: true } }));
  const r = reimport(previous, machine({ A: { Type: 'Pass', Result: 'arn:aws:glue:eu-west-1:210987654321:job/x', End: true } }));
  expect(r.values).toEqual({ Region: 'eu-west-1', Account: '210987654321' });
  expect(r.text).toContain('"Result": "arn:aws:glue:${Region}:${Account}:job/x"');
});
