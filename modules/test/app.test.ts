/**
 * modules/app.ts, the cdktf app of a project: every stack of every environment of the fixture
 * project (lib/test/fixtures/project) against the invariants of every app (app-checks.ts), and
 * bad input: environments, templates, bindings, triggers.
 */
import { buildApp, synthesize } from '../app';
import { loadEnvironments } from '../../lib/environments/environments';
import { fixtureApp, fixtureEnvironments, fixtureWorkflows } from '../../lib/test/fixture-project';
import { fn, type Workflow } from '../../lib/workflow/declaration';
import { appChecks, workflowLogGroups } from './app-checks';
import { ECHO_HANDLER, Json, scratchFolders, synthesizeStacks, tempProject, type SynthesizedStack, type TempProject } from './helpers';

const ENVIRONMENTS = Object.keys(fixtureEnvironments);
const WORKFLOW_STACKS = ENVIRONMENTS.flatMap((env) => ['greet', 'fanout', 'transfer'].map((w) => `${w}-${env}`));

const mkdtemp = scratchFolders();

describe('buildApp(): the synthesized app of the fixture project', () => {
  let stacks: Record<string, SynthesizedStack>;
  beforeAll(() => {
    stacks = synthesizeStacks((outdir) => buildApp(fixtureApp({ outdir })));
  });

  appChecks(() => stacks, {
    environments: fixtureEnvironments,
    stacks: [...ENVIRONMENTS.map((env) => `backend-${env}`), ...WORKFLOW_STACKS],
    workflowStacks: WORKFLOW_STACKS,
    logGroups: loadEnvironments(fixtureEnvironments).reduce((n, env) => n + workflowLogGroups(fixtureWorkflows.map((w) => w(env))), 0),
  });
});

describe('buildApp(): bad input', () => {
  const withEnv = (name: string, patch: (env: Json) => void): Record<string, Json> => {
    const copy: Record<string, Json> = structuredClone(fixtureEnvironments);
    patch(copy[name]);
    return copy;
  };
  const outdir = () => mkdtemp('sfn-cdktf-app-');

  test('a retention CloudWatch Logs does not accept names the environment and the field', () => {
    const attempt = () => buildApp(fixtureApp({ outdir: outdir(), environments: withEnv('prod', (e) => (e.logRetentionDays = 10)) }));
    expect(attempt).toThrow(/environment "prod", field "logRetentionDays"/);
  });

  test('an unknown field names the environment and the field', () => {
    const attempt = () => buildApp(fixtureApp({ outdir: outdir(), environments: withEnv('dev', (e) => (e.logRetentionDayz = 14)) }));
    expect(attempt).toThrow(/environment "dev", field "logRetentionDayz"/);
  });

  test('a nested bad field names its path', () => {
    const attempt = () => buildApp(fixtureApp({ outdir: outdir(), environments: withEnv('dev', (e) => (e.backend.bucket = 'Not_A_Bucket')) }));
    expect(attempt).toThrow(/environment "dev", field "backend\.bucket"/);
  });

  describe('in a project of its own', () => {
    // Created in beforeAll, so that a run filtered to other tests leaves no directory behind.
    let project: TempProject;
    beforeAll(() => {
      project = tempProject();
      project.writeFunction('worker', ECHO_HANDLER);
    });
    afterAll(() => project?.cleanup());
    const tiny =
      (extra: Partial<ReturnType<Workflow>> = {}): Workflow =>
      () => ({
        name: 'tiny',
        description: 'a tiny workflow',
        functions: { worker: {} },
        bindings: { Worker: fn('worker') },
        sampleInput: {},
        ...extra,
      });

    test('a broken template fails with a SourceError at file:line:column', () => {
      project.writeTemplate('tiny', '{\n  "StartAt": "W",\n  "States": {\n    "W": { "Type": "Task", "Resource": "${Worker}", "End": true },\n  }\n}\n');
      let error: Error | undefined;
      try {
        buildApp(fixtureApp({ outdir: outdir(), projectRoot: project.root, workflows: [tiny()] }));
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).toBe('SourceError');
      expect(error?.message).toMatch(/^statemachine\/tiny\.asl\.json:4:66: invalid JSON: trailing comma before "}"/);
    });

    test('synthesize() reports it on stderr as "synth failed: file:line:column: ..." without a stack trace, and returns 1', () => {
      project.writeTemplate('tiny', '{\n  "StartAt": "W"\n  "States": { "W": { "Type": "Task", "Resource": "${Worker}", "End": true } }\n}\n');
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        expect(synthesize(fixtureApp({ outdir: outdir(), projectRoot: project.root, workflows: [tiny()] }))).toBe(1);
        const written = stderr.mock.calls.map(([text]) => String(text)).join('');
        expect(written).toMatch(/^synth failed: statemachine\/tiny\.asl\.json:3:3: /);
        expect(written).not.toMatch(/^\s+at /m);
      } finally {
        stderr.mockRestore();
      }
    });

    test('a placeholder bound to a function the workflow does not declare is named', () => {
      project.writeTemplate('tiny', '{ "StartAt": "W", "States": { "W": { "Type": "Task", "Resource": "${Worker}", "End": true } } }\n');
      const attempt = () => buildApp(fixtureApp({ outdir: outdir(), projectRoot: project.root, workflows: [tiny({ bindings: { Worker: fn('nobody') } })] }));
      expect(attempt).toThrow(/Worker.*"nobody"/);
    });

    test('a trigger on a bus the workflow does not own is named', () => {
      project.writeTemplate('tiny', '{ "StartAt": "W", "States": { "W": { "Type": "Task", "Resource": "${Worker}", "End": true } } }\n');
      const attempt = () =>
        buildApp(fixtureApp({ outdir: outdir(), projectRoot: project.root, workflows: [tiny({ triggers: [{ kind: 'event', bus: 'orders', pattern: { source: ['x'] } }] })] }));
      expect(attempt).toThrow(/"orders"/);
    });
  });
});

