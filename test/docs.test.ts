/** The example app's docs/workflows is what `npm run docs` writes from the current workflows and templates. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowDeclarations } from '../index';
import { DOCS_DIR, workflowPages } from '../lib/graph/docs';

const root = join(__dirname, '..');

test('docs/workflows is current (otherwise run `npm run docs`)', () => {
  const pages = workflowPages(workflowDeclarations(), root);
  const stale: string[] = [];
  for (const [file, text] of pages) {
    const path = join(root, file);
    if (!existsSync(path)) stale.push(`${file} is missing`);
    else if (readFileSync(path, 'utf8') !== text) stale.push(`${file} is out of date`);
  }
  const extra = readdirSync(join(root, DOCS_DIR)).filter((f) => f.endsWith('.md') && !pages.has(`${DOCS_DIR}/${f}`));
  for (const f of extra) stale.push(`${DOCS_DIR}/${f} belongs to no workflow`);
  if (stale.length) throw new Error(`${stale.join('\n')}\nrun \`npm run docs\` to update ${DOCS_DIR}`);
});

test('every workflow has its page with its diagram, placeholders and IAM actions', () => {
  const declarations = workflowDeclarations();
  const pages = workflowPages(declarations, root);
  for (const w of declarations) {
    const page = pages.get(`${DOCS_DIR}/${w.name}.md`) as string;
    expect(page).toContain('```mermaid\nflowchart TD\n');
    for (const placeholder of Object.keys(w.bindings)) expect(page).toContain(`| \`\${${placeholder}}\` |`);
    expect(page).toContain('## IAM actions of the state machine');
  }
  const crm = pages.get(`${DOCS_DIR}/crm-lead.md`) as string;
  expect(crm).toContain('| `${CreateClientFunctionArn}` | function | [functions/create-client](../../functions/create-client/src/index.ts) |');
  expect(crm).toMatch(/\| InvokeReferencedFunctions \| `lambda:InvokeFunction` \| `\$\{ReceiveLeadFunctionArn\}`, `\$\{ReceiveLeadFunctionArn\}:\*`/);
});
