/**
 * Every template `sfn import` writes (its corpus of Workflow Studio exports, and the AWS samples
 * `sfn new --from` is tested with) has no diagnostic in the AWS Toolkit's language service, as the
 * VS Code preview shows it: placeholders only stand for identifiers inside strings, where the
 * Toolkit's schema expects a string (a typed placeholder in a numeric field would be underlined:
 * README, "Run and test it locally"). Exports the Toolkit itself underlines keep those diagnostics,
 * and no more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importExport } from '../../import';
import { formatToolkitDiagnostic, toolkitDiagnostics } from '../toolkit-diagnostics';

const corpora = [join(__dirname, '..', '..', 'import', 'test', 'fixtures'), join(__dirname, '..', '..', '..', 'cli', 'test', 'fixtures', 'exports')];
const exportFiles = corpora.flatMap((dir) => readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).map((f) => [f, join(dir, f)] as const));

test('there are exports to import', () => {
  expect(exportFiles.length).toBeGreaterThanOrEqual(19);
});

test.each(exportFiles)('%s: the template written has the diagnostics of the export (as JSON), none of its own', async (name, path) => {
  const text = readFileSync(path, 'utf8');
  const result = importExport(text, name, { target: `statemachine/${name.replace(/\.\w+$/, '')}.asl.json` });
  const ofExport = (await toolkitDiagnostics(`${JSON.stringify(result.source.value, null, 2)}\n`)).map((d) => d.message);
  const ofTemplate = (await toolkitDiagnostics(result.text)).map(formatToolkitDiagnostic);
  expect(ofTemplate.filter((d) => !ofExport.some((m) => d.endsWith(m)))).toEqual([]);
});

test('the trade-off the README documents: a typed placeholder in a numeric field is valid here, and underlined by the Toolkit', async () => {
  const text = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Wait', Seconds: '${Delay}', End: true } } }, null, 2);
  expect((await toolkitDiagnostics(text)).map(formatToolkitDiagnostic)).toEqual(['6:18-6:28 error Incorrect type. Expected one of integer, JSONata expression.']);
});
