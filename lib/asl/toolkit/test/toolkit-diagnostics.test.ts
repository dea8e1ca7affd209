/**
 * The AWS Toolkit's checker (amazon-states-language-service) on real templates and on a few
 * broken definitions, with the positions the editor underlines.
 */
import http from 'node:http';
import https from 'node:https';
import { Template } from '../../template';
import { templateFixtures } from '../../test/template-fixtures';
import { formatToolkitDiagnostic, toolkitDiagnostics, type ToolkitDiagnostic } from '../toolkit-diagnostics';

const templates = templateFixtures();

const shown = (diagnostics: ToolkitDiagnostic[]) => diagnostics.map(formatToolkitDiagnostic);
const json = (definition: unknown) => JSON.stringify(definition, null, 2);

describe('real templates (lib/asl/test/fixtures/templates)', () => {
  test('there are templates to check', () => {
    expect(templates.length).toBeGreaterThan(0);
  });

  describe.each(templates.map((t) => [t.file, t.text]))('%s', (file, text) => {
    test('rendered with stand-in ARNs: no diagnostics', async () => {
      const template = Template.parse(text, file);
      const values = Object.fromEntries(template.names.map((name) => [name, `arn:aws:lambda:us-east-1:123456789012:function:${name}`]));
      expect(shown(await toolkitDiagnostics(template.render(values)))).toEqual([]);
    });

    test('raw template text (what the editor preview shows): no diagnostics', async () => {
      expect(shown(await toolkitDiagnostics(text))).toEqual([]);
    });
  });
});

describe('broken definitions', () => {
  test('missing StartAt', async () => {
    const text = json({ States: { A: { Type: 'Succeed' } } });
    expect(await toolkitDiagnostics(text)).toEqual([
      { line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', message: 'Missing property "StartAt".' },
      {
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 8,
        severity: 'error',
        message: 'The state cannot be reached. It must be referenced by at least one other state.',
      },
    ]);
  });

  test('unknown state type', async () => {
    const text = json({ StartAt: 'A', States: { A: { Type: 'Bogus', End: true } } });
    const diagnostics = await toolkitDiagnostics(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      // `"Type": "Bogus"` is on line 5; the value "Bogus" (with its quotes) is columns 15-21.
      expect(d).toMatchObject({ line: 5, column: 15, endLine: 5, endColumn: 22, severity: 'error' });
    }
    expect(diagnostics[0].message).toBe(
      'Value is not accepted. Valid values: "Pass", "Succeed", "Fail", "Task", "Choice", "Wait", "Parallel", "Map".',
    );
  });

  test('Next to a missing state', async () => {
    const text = json({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' }, B: { Type: 'Succeed' } } });
    expect(shown(await toolkitDiagnostics(text))).toEqual([
      '6:15-6:24 error The value of "Next" property must be the name of an existing state.',
      '8:5-8:8 error The state cannot be reached. It must be referenced by at least one other state.',
    ]);
  });

  test('unknown field', async () => {
    const text = json({ StartAt: 'A', States: { A: { Type: 'Pass', Foo: 1, End: true } } });
    expect(shown(await toolkitDiagnostics(text))).toEqual(['6:7-6:12 error Field is not supported.']);
  });

  test('no terminal state, reported on the "States" key', async () => {
    const text = json({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } });
    expect(shown(await toolkitDiagnostics(text))).toEqual([
      '3:3-3:11 error No terminal state. The state machine must have at least one terminal state (a state in which the "End" property is set to true).',
    ]);
  });

  test('trailing comma and comments are errors, as in the editor', async () => {
    const text = '{\n  // note\n  "StartAt": "A",\n  "States": {"A": {"Type": "Succeed"},}\n}\n';
    expect(shown(await toolkitDiagnostics(text))).toEqual([
      '2:3-2:10 error Comments are not permitted in JSON.',
      '4:38-4:39 error Trailing comma',
    ]);
  });

  test('an empty document has no diagnostics', async () => {
    expect(await toolkitDiagnostics('')).toEqual([]);
  });
});

describe('YAML', () => {
  test('valid YAML definition', async () => {
    expect(await toolkitDiagnostics('StartAt: A\nStates:\n  A:\n    Type: Succeed\n', { yaml: true })).toEqual([]);
  });

  test('Next to a missing state, positioned in the YAML text', async () => {
    const text = 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n';
    expect(shown(await toolkitDiagnostics(text, { yaml: true }))).toEqual([
      '2:1-2:7 error No terminal state. The state machine must have at least one terminal state (a state in which the "End" property is set to true).',
      '5:11-5:12 error The value of "Next" property must be the name of an existing state.',
    ]);
  });
});

describe('offline', () => {
  afterEach(() => jest.restoreAllMocks());

  test('a remote $schema is never fetched', async () => {
    const refuse = () => {
      throw new Error('network access attempted');
    };
    const httpRequest = jest.spyOn(http, 'request').mockImplementation(refuse);
    const httpGet = jest.spyOn(http, 'get').mockImplementation(refuse);
    const httpsRequest = jest.spyOn(https, 'request').mockImplementation(refuse);
    const httpsGet = jest.spyOn(https, 'get').mockImplementation(refuse);
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(refuse);
    const text = json({ $schema: 'https://example.com/asl.schema.json', StartAt: 'A', States: { A: { Type: 'Succeed' } } });
    const diagnostics = shown(await toolkitDiagnostics(text));
    expect(diagnostics).toEqual([
      '2:3-2:12 error Field is not supported.',
      "2:14-2:51 error Unable to load schema from 'https://example.com/asl.schema.json'. No schema request service available",
    ]);
    for (const spy of [httpRequest, httpGet, httpsRequest, httpsGet, fetchSpy]) expect(spy).not.toHaveBeenCalled();
  });
});
