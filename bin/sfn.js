#!/usr/bin/env node
// Runs the compiled `sfn` command, compiling it first with esbuild when a source is newer.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
// The AWS SDK clients of the local services warn at every start on Node 20 (past end of life).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const out = join(root, 'dist', 'lib', 'cli', 'sfn.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'test' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// The CLI bundles the toolkit (lib/); it reads the project (workflows/, config/) when it runs.
const sources = () => newestSource(join(root, 'lib'));

if (!existsSync(out) || statSync(out).mtimeMs < sources()) {
  require('esbuild').buildSync({
    entryPoints: [join(root, 'lib', 'cli', 'sfn.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    logLevel: 'error',
  });
}
// Output piped into a reader that stops early (`sfn run x --history | head`): stop quietly, as other CLIs do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

// Exit once stdout and stderr have drained (a pipe takes its time; see exitAfterFlush).
const cli = require(out);
cli.main(process.argv.slice(2)).then(cli.exitAfterFlush);
