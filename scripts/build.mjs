// Compiles the TypeScript entry points to dist/ with esbuild (no type checking: `npm run typecheck`).
// Dependencies stay external: they are required from node_modules at run time.
// `node scripts/build.mjs` builds every entry point; `--synth` builds main.ts and synthesizes in
// the same process (what `npm run synth` does: one node start instead of two).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const synth = process.argv.includes('--synth');
try {
  await build({
    entryPoints: synth ? ['main.ts'] : ['main.ts', 'index.ts', 'lib/cli/start.ts', 'lib/cli/sfn.ts'],
    outdir: 'dist',
    outbase: '.',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    logLevel: 'error',
  });
} catch {
  // esbuild has already printed each error with its file, line and column.
  process.exit(1);
}
if (synth) {
  process.env.CHECKPOINT_DISABLE = '1';
  process.exitCode = createRequire(import.meta.url)('../dist/main.js').synthesize();
  // What was written, unless the cdktf CLI runs this (it reports the stacks itself).
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  if (process.exitCode === 0 && !process.env.CDKTF_OUTDIR && existsSync(join(outdir, 'manifest.json'))) {
    const stacks = Object.keys(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks);
    console.log(`synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} to ${outdir}/stacks/<stack>/cdk.tf.json: ${stacks.join(', ')}`);
  }
}
