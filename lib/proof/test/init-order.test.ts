/**
 * proveStacks runs the stacks' `terraform init` one at a time (Terraform does not lock its plugin
 * cache: two inits installing into an empty cache both create the same directory and one fails,
 * "mkdir ...: file exists"; hashicorp/terraform issue 31964), and the rest of each proof side by
 * side. A Terraform stand-in records when each command runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proveStacks, type ProofContext } from '../stack-proof';

interface Span {
  stack: string;
  command: string;
  start: number;
  end: number;
}

function fakeTerraform(spans: Span[], failInitOf: string | undefined) {
  let clock = 0;
  return {
    async run(dir: string, args: string[]) {
      const stack = dir.split('/').pop() as string;
      const span: Span = { stack, command: args[0], start: ++clock, end: 0 };
      spans.push(span);
      // Each command takes a few turns of the event loop, so that overlapping ones would interleave.
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      span.end = ++clock;
      if (args[0] === 'init' && stack === failInitOf) return { code: 1, output: 'Error: Failed to install provider', ms: 1 };
      // Validate fails: the proof of a stack ends there (enough to see the commands overlap).
      if (args[0] === 'validate') return { code: 1, output: '{"valid": false, "diagnostics": []}', ms: 1 };
      return { code: 0, output: '', ms: 1 };
    },
  };
}

describe('deploy proof: terraform init', () => {
  let outdir: string;
  const stacks = ['a', 'b', 'c', 'd'];
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'proof-init-'));
    for (const s of stacks) {
      mkdirSync(join(outdir, 'stacks', s), { recursive: true });
      writeFileSync(join(outdir, 'stacks', s, 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { local: {} } } }));
    }
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  const context = (tf: unknown): ProofContext =>
    ({ tf, outdir, standInEndpoint: 'http://127.0.0.1:1', localAws: { s3Endpoint: 'http://127.0.0.1:2', dynamodbEndpoint: 'http://127.0.0.1:3' }, s3: {}, stateDir: outdir }) as unknown as ProofContext;
  const manifest = { stacks: Object.fromEntries(stacks.map((s) => [s, { dependencies: [] }])) };

  test('inits run one at a time, in order, while the other commands of the proofs overlap', async () => {
    const spans: Span[] = [];
    const proofs = await proveStacks(context(fakeTerraform(spans, undefined)), manifest, 4);
    expect(proofs.map((p) => p.stack)).toEqual(stacks);
    const inits = spans.filter((s) => s.command === 'init');
    expect(inits.map((s) => s.stack)).toEqual(stacks);
    for (let i = 1; i < inits.length; i++) expect(inits[i].start).toBeGreaterThan(inits[i - 1].end);
    // Stack a validates while stack b initializes: the proofs themselves still run side by side.
    const validateA = spans.find((s) => s.command === 'validate' && s.stack === 'a') as Span;
    const initB = inits[1];
    expect(validateA.start).toBeLessThan(initB.end);
    expect(initB.start).toBeLessThan(validateA.end);
  });

  test('a failed init does not hold back the others, and is reported for its stack', async () => {
    const spans: Span[] = [];
    const proofs = await proveStacks(context(fakeTerraform(spans, 'a')), manifest, 4);
    expect(proofs.find((p) => p.stack === 'a')?.diagnostics.map((d) => d.step)).toEqual(['init']);
    expect(spans.filter((s) => s.command === 'init').map((s) => s.stack)).toEqual(stacks);
    expect(proofs.filter((p) => p.stack !== 'a').every((p) => p.diagnostics.every((d) => d.step !== 'init'))).toBe(true);
  });
});
