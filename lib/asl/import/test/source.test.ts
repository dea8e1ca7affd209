/** Reading exports: JSON and YAML, and what is refused, located at file:line:column. */
import { SourceError } from '../../problem';
import { exportFormat, readExport } from '../source';

function problems(text: string, file: string): string[] {
  try {
    readExport(text, file);
  } catch (e) {
    if (e instanceof SourceError) return e.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
    throw e;
  }
  return [];
}

test('the format comes from the extension, else from the first character', () => {
  expect(exportFormat('a.yaml', '{}')).toBe('yaml');
  expect(exportFormat('a.yml', '{}')).toBe('yaml');
  expect(exportFormat('a.json', 'StartAt: A')).toBe('json');
  expect(exportFormat('a.asl', '  {"StartAt": "A"}')).toBe('json');
  expect(exportFormat('a.asl', 'StartAt: A')).toBe('yaml');
});

test('YAML anchors and aliases are refused where they are', () => {
  const text = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: &shared\n      x: 1\n    Next: B\n  B:\n    Type: Pass\n    Result: *shared\n    End: true\n';
  expect(problems(text, 'export.yaml')).toEqual([
    'export.yaml:5:13: YAML anchor &shared is not supported: write the value out where it is used (a definition is plain JSON data)',
    'export.yaml:10:13: YAML alias *shared is not supported: write the value out (a definition is plain JSON data)',
  ]);
});

test('YAML tags, several documents, syntax errors and non-finite numbers are refused', () => {
  expect(problems('StartAt: !Ref First\n', 'a.yaml')).toEqual(['a.yaml:1:10: invalid YAML: Unresolved tag: !Ref']);
  expect(problems('StartAt: A\n---\nStartAt: B\n', 'a.yaml')[0]).toMatch(/^a\.yaml:2:1: invalid YAML: Source contains multiple documents/);
  expect(problems('StartAt: [A\n', 'a.yaml')[0]).toMatch(/^a\.yaml:\d+:\d+: invalid YAML: /);
  expect(problems('States:\n  A:\n    Seconds: .inf\n', 'a.yaml')).toEqual(['a.yaml:3:14: .inf is not a number JSON can represent']);
  expect(problems('States:\n  ? [a, b]\n  : 1\n', 'a.yaml')).toEqual(['a.yaml:2:5: YAML keys must be plain strings']);
});

test('JSON: invalid JSON and duplicate members are located', () => {
  expect(problems('{\n  "StartAt": "A",\n  "States": {,}\n}', 'a.json')[0]).toMatch(/^a\.json:3:14: invalid JSON: /);
  expect(problems('{\n  "StartAt": "A",\n  "StartAt": "B"\n}', 'a.json')).toEqual([
    'a.json:3:3: member "StartAt" appears twice in this object: the export is ambiguous (only the last one would count)',
  ]);
});

test('positions of values, keys and text inside strings, in JSON and YAML', () => {
  const json = readExport('{\n  "States": {\n    "A": { "Resource": "x arn:aws:sns:us-east-1:123456789012:t" }\n  }\n}', 'a.json');
  expect(json.locate('/States/A/Resource')).toEqual({ line: 3, column: 24 });
  expect(json.locate('/States/A', true)).toEqual({ line: 3, column: 5 });
  expect(json.locateIn('/States/A/Resource', 'arn:aws')).toEqual({ line: 3, column: 27 });
  expect(json.locate('/States/A/Missing/deeper')).toEqual({ line: 3, column: 10 });
  const yaml = readExport('States:\n  A:\n    Resource: x arn:aws:sns:us-east-1:123456789012:t\n', 'a.yaml');
  expect(yaml.value).toEqual({ States: { A: { Resource: 'x arn:aws:sns:us-east-1:123456789012:t' } } });
  expect(yaml.locate('/States/A/Resource')).toEqual({ line: 3, column: 15 });
  expect(yaml.locateIn('/States/A/Resource', 'arn:aws')).toEqual({ line: 3, column: 17 });
  expect(yaml.locate('/States/A', true)).toEqual({ line: 2, column: 3 });
});

test('member order is the export\'s, integer-like names included', () => {
  const s = readExport('{"b": 1, "2": 2, "a": {"10": 1, "9": 2}}', 'a.json');
  expect(s.keyOrder.get('')).toEqual(['b', '2', 'a']);
  expect(s.keyOrder.get('/a')).toEqual(['10', '9']);
  expect(readExport('b: 1\n"2": 2\na: 3\n', 'a.yaml').keyOrder.get('')).toEqual(['b', '2', 'a']);
});
