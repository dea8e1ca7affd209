/**
 * Our renderer against Terraform's own `templatefile`, run by the real `terraform` binary
 * (offline: a configuration of outputs only needs no provider). For string values free of `"`
 * and `\` the two must agree byte for byte; that is the contract the README documents.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from '../template';
import { templateFixtures } from './template-fixtures';

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const available = terraform.status === 0;
if (!available && process.env.CI) throw new Error('the terraform binary is required on CI for the templatefile parity test');
if (!available) console.warn('templatefile parity test skipped: no terraform binary on PATH');

interface Case {
  name: string;
  template: string;
  values: Record<string, string>;
}

const corpus: Case[] = [
  { name: 'no placeholders', template: '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}', values: {} },
  { name: 'one placeholder', template: '{"Resource": "${Arn}"}', values: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:f' } },
  { name: 'spaces inside the braces', template: '{"a": "${ Arn }", "b": "${Arn  }"}', values: { Arn: 'x' } },
  { name: 'hyphen and underscore identifiers', template: '{"a": "${my-value}", "b": "${_x_1}"}', values: { 'my-value': 'v', _x_1: 'w' } },
  { name: 'placeholders mid-string and repeated', template: '{"a": "pre-${A}-mid-${B}-${A}-post"}', values: { A: '1', B: 'two' } },
  { name: 'placeholder in a member name', template: '{"${Key}": {"${Key}-x": 1}}', values: { Key: 'k' } },
  { name: 'escapes', template: '{"a": "$${x} %%{y} $$${z} %%%{w} $$$${v}"}', values: {} },
  { name: 'lone $ and %', template: '{"a": "$ % $$ %% $x %y {$} {%}"}', values: {} },
  { name: 'escape next to a placeholder', template: '{"a": "$${A}${A}%%{A}"}', values: { A: 'q' } },
  { name: 'values with template characters', template: '{"a": "${A}", "b": "x${B}y"}', values: { A: '${not} %{expanded}', B: '$$ %% {}' } },
  { name: 'unicode', template: '{"Comment": "déjà vu ✓ ${A}", "b": "${B}"}', values: { A: 'ñandú', B: '日本語 🚀' } },
  { name: 'JSONPath and intrinsic strings', template: '{"Parameters": {"x.$": "States.Format(\'{}-{}\', $.a, $$.Execution.Id)", "y": "${A}"}}', values: { A: 'b' } },
  { name: 'whitespace and CRLF line ends', template: '{\r\n\t"a" :  "${A}" ,\r\n\t"b": [ 1 , 2 ]\r\n}\r\n', values: { A: 'x' } },
  { name: 'JSON escapes in the template', template: '{"a": "tab\\t quote\\" backslash\\\\ \\u00e9 ${A}"}', values: { A: 'v' } },
];

for (const { file, text } of templateFixtures()) {
  const values = Object.fromEntries(
    Template.parse(text, file).names.map((n, i) => [n, `arn:aws:lambda:eu-west-1:123456789012:function:f${i}`]),
  );
  corpus.push({ name: `template fixture ${file}`, template: text, values });
}

(available ? describe : describe.skip)('identical to terraform templatefile', () => {
  let dir: string;
  let outputs: Record<string, { value: string }>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'templatefile-'));
    const tf: string[] = [];
    corpus.forEach((c, i) => {
      writeFileSync(join(dir, `t${i}.tpl`), c.template);
      writeFileSync(join(dir, `v${i}.json`), JSON.stringify(c.values));
      tf.push(`output "c${i}" {\n  value = templatefile("\${path.module}/t${i}.tpl", jsondecode(file("\${path.module}/v${i}.json")))\n}\n`);
    });
    writeFileSync(join(dir, 'main.tf'), tf.join('\n'));
    // What the state machine construct writes into cdk.tf.json: Terraform must evaluate it back
    // to the definition itself.
    const escaped = Object.fromEntries(corpus.map((c, i) => [`e${i}`, { value: Template.parse(c.template, 't').render(c.values, { terraform: true }) }]));
    writeFileSync(join(dir, 'escaped.tf.json'), JSON.stringify({ output: escaped }));
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
    for (const args of [['init', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false', '-no-color']]) {
      const r = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`terraform ${args[0]} failed:\n${r.stdout}\n${r.stderr}`);
    }
    const out = spawnSync('terraform', ['output', '-json'], { cwd: dir, env, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`terraform output failed:\n${out.stderr}`);
    outputs = JSON.parse(out.stdout);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test(`the corpus has at least 15 templates (${corpus.length})`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
  });

  test.each(corpus.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = corpus[i];
    const rendered = Template.parse(c.template, `t${i}.tpl`).render(c.values);
    expect(rendered).toBe(outputs[`c${i}`].value);
    expect(outputs[`e${i}`].value).toBe(rendered);
  });
});
