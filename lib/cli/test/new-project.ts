/**
 * A temporary project laid out as this repository is (the toolkit's `lib/` and `index.ts` at its
 * root, linked, with node_modules), with the fixture project's environments and an empty registry:
 * where `sfn new` writes what imports `../lib/workflow/declaration`. Its TypeScript can be type-checked
 * with the repository's compiler options, as `npm test` does with `tsc --noEmit`.
 */
import { readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { tempProject, type TempProject } from '../../../modules/test/helpers';
import { EMPTY_REGISTRY, fixtureEnvironments } from '../../test/fixture-project';

const REPO = join(__dirname, '..', '..', '..');

export interface NewProject extends TempProject {
  /** The TypeScript compiler's errors in these files of the project (and what they import), one `file:line: message` each. */
  typeErrors(files: string[]): string[];
}

export function newProject(): NewProject {
  const p = tempProject('sfn-new-');
  p.linkNodeModules();
  const links = ['lib', 'index.ts'].map((f) => join(p.root, f));
  symlinkSync(join(REPO, 'lib'), links[0], 'dir');
  symlinkSync(join(REPO, 'index.ts'), links[1]);
  p.writeFile(
    'config/environments.ts',
    `import type { EnvironmentInput } from '../lib/environments/environments';\n\nexport const environments: Record<string, EnvironmentInput> = ${JSON.stringify(fixtureEnvironments, null, 2)};\n`,
  );
  p.writeFile('workflows/index.ts', EMPTY_REGISTRY);
  p.writeFile('docs/workflows/README.md', '# Workflows\n');
  return {
    ...p,
    cleanup() {
      for (const l of links) unlinkSync(l);
      p.cleanup();
    },
    typeErrors(files) {
      const config = ts.parseJsonConfigFileContent(JSON.parse(readFileSync(join(REPO, 'tsconfig.json'), 'utf8')), ts.sys, REPO);
      const program = ts.createProgram(files.map((f) => join(p.root, f)), { ...config.options, noEmit: true, typeRoots: [join(REPO, 'node_modules', '@types')] });
      return ts.getPreEmitDiagnostics(program).map((d) => {
        const at = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
        return `${at}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    },
  };
}
