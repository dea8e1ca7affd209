/**
 * The `sfn` command: `sfn validate [FILE...]`, `sfn render FILE`, `sfn run FILE|NAME`, `sfn invoke FUNCTION`, `sfn graph`, `sfn import`, `sfn test-state`, `sfn serve`.
 * Exit codes, one rule for every command: 0 success, 1 findings (problems in the files checked) or a failed run, 2 usage
 * and I/O errors (an option, a path that cannot be read or written). Colours only on a TTY (and never with NO_COLOR).
 */
import { Command, CommanderError } from 'commander';
import { FileReadError, fileErrorReason } from '../asl/source-file';
import { exitAfterFlush, processIo, UsageError, type CliIo } from './io';
import type { GraphOptions } from './graph-command';
import type { ImportCommandOptions } from './import-command';
import type { InvokeCommandOptions } from './invoke-command';
import type { NewCommandOptions } from './new-command';
import { runRender, type RenderOptions } from './render-command';
import type { RunCommandOptions } from './run-command';
import type { ServeCommandOptions } from './serve-command';
import type { TestStateCommandOptions } from './test-state-command';
import { runValidate, type ValidateOptions } from './validate-command';
import { parseVarOption } from './values';
import { toolkitVersion } from './version';

export { exitAfterFlush };

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = sfnProgram(io);
  for (const addCommand of COMMANDS) addCommand(program, io, (exitCode) => (code = exitCode));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    return reportError(io, e);
  }
}

/** The program and its options, before its commands. */
function sfnProgram(io: CliIo): Command {
  return new Command('sfn')
    .description('The Step Functions workflows of this project on your machine: check, render, run, draw, import and serve them')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .version(toolkitVersion(), '-V, --version', 'print the version of the toolkit and of Node.js');
}

/** Sets the exit code of the command that ran. */
type Done = (exitCode: number) => void;

/** The commands, in the order `sfn --help` lists them. Each adds itself to the program. */
const COMMANDS: ((program: Command, io: CliIo, done: Done) => void)[] = [
  addValidateCommand, addRenderCommand, addRunCommand, addInvokeCommand, addGraphCommand,
  addImportCommand, addNewCommand, addTestStateCommand, addServeCommand,
];

function addValidateCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('validate')
    .description('Check templates: JSON syntax, placeholders and the States Language rules (default: every statemachine/*.asl.json)')
    .argument('[files...]', 'template files or directories')
    .option('--json', 'machine-readable output')
    .option('--var <NAME=VALUE>', 'a placeholder value (a string); repeatable', parseVarOption)
    .option('--vars <FILE>', 'a JSON object of placeholder values (typed)')
    .option('--remote', 'also ask AWS (ValidateStateMachineDefinition) when AWS credentials are configured')
    .option('--environment <ENV>', 'the environment of config/environments.ts whose workflow declarations are checked (default: dev)')
    .addHelpText(
      'after',
      "\nIn a project, every workflow declaration is checked (workflows/<name>.ts) and each workflow's template against its bindings, as synth checks them; other templates get a typed stand-in for each placeholder.\nExit status: 0 all valid, 1 problems found (one FILE:LINE:COL line each), 2 usage error.",
    )
    .action(async (files: string[], options: ValidateOptions) => {
      done(await runValidate(io, files, options));
    });
}

function addRenderCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('render')
    .description('Print the rendered definition of a template')
    .argument('<file>', 'the template')
    .option('--var <NAME=VALUE>', 'a placeholder value (a string); repeatable', parseVarOption)
    .option('--vars <FILE>', 'a JSON object of placeholder values (typed: numbers, booleans, objects keep their type)')
    .addHelpText('after', '\nExit status: 0 rendered, 1 template error (missing or unused value, malformed placeholder, invalid JSON), 2 usage error.')
    .action((file: string, options: RenderOptions) => {
      done(runRender(io, file, options));
    });
}

function addRunCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('run')
    .description('Run a template file or a workflow of the project on the local engine (no AWS account)')
    .argument('<target>', 'a template file (*.asl.json) or a workflow name (see workflows/)')
    .option('--input <JSON|@FILE>', 'the execution input (default: the workflow\'s sample input, or {} for a file)')
    .option('--functions <MODULE>', 'a JS or TS module whose default export maps Lambda function names to handlers (default: the project\'s functions)')
    .option('--history', 'print {status, output, error, cause, events} instead of the output')
    .option('--var <NAME=VALUE>', 'a placeholder value of a template file; repeatable', parseVarOption)
    .option('--vars <FILE>', 'placeholder values of a template file (a JSON object)')
    .option('--function-env <NAME=VALUE>', 'an environment variable for every function; repeatable', parseVarOption)
    .option('--environment <ENV>', 'the environment of config/environments.ts whose workflow declarations are used', 'dev')
    .option('--max-transitions <N>', 'stop a run after N state transitions (default 25000)')
    .option('--real-time', 'Wait states and retry intervals take real time (default: a virtual clock)')
    .option('--mocks <FILE>', 'mocked service integrations: an AWS Step Functions Local mock configuration file (MockConfigFile.json)')
    .option('--test-case <CASE>', 'the test case of --mocks to run')
    .option('--state-machine <NAME>', 'the state machine of --mocks (default: the workflow name, or the template file name)')
    .option('--graph <FILE.svg>', 'also write the diagram with the path the execution took (failed state in red) as SVG')
    .option('--data-dir <DIR>', 'keep the data of the local services in DIR (S3 objects in DIR/s3: results stay readable after the run); default a temporary folder')
    .addHelpText('after', '\nExit status: 0 SUCCEEDED (the output on stdout), 1 otherwise (error and cause on stderr), 2 usage error.')
    .action(async (target: string, options: RunCommandOptions) => {
      // The commands that run, draw, import or serve load their dependencies (AWS SDK clients, the
      // layout engine, the YAML parser) when used: `sfn validate` and `sfn render` start fast.
      const { runRun } = await import('./run-command');
      done(await runRun(io, target, options));
    });
}

function addInvokeCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('invoke')
    .description('Run one function of the project with an event, in the environment a run of its workflow gives it (the local counterpart of sam local invoke)')
    .argument('<function>', 'a function of functions/ (declared by a workflow, or not)')
    .option('--event <JSON|@FILE>', 'the event (default {})')
    .option('--workflow <NAME>', 'the workflow whose declaration of the function is used (when several declare it)')
    .option('--environment <ENV>', 'the environment of config/environments.ts whose workflow declarations are used', 'dev')
    .option('--function-env <NAME=VALUE>', 'an environment variable for the function; repeatable', parseVarOption)
    .option('--data-dir <DIR>', 'keep the data of the local services in DIR (S3 objects in DIR/s3); default a temporary folder')
    .addHelpText('after', '\nExit status: 0 the result on stdout, 1 the function failed (its error document on stdout, a line on stderr), 2 usage error.')
    .action(async (name: string, options: InvokeCommandOptions) => {
      const { runInvoke } = await import('./invoke-command');
      done(await runInvoke(io, name, options));
    });
}

function addGraphCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('graph')
    .description('Draw a workflow of the project or a template file: Mermaid (default), SVG or Graphviz DOT')
    .argument('<target>', 'a workflow name (see workflows/) or a template file (*.asl.json)')
    .option('--format <FORMAT>', 'mermaid, svg or dot (default: from the --out extension, else mermaid)')
    .option('--out <FILE>', 'write to this file (atomically) instead of stdout')
    .option('--var <NAME=VALUE>', 'a placeholder value of a template file; repeatable', parseVarOption)
    .option('--vars <FILE>', 'placeholder values of a template file (a JSON object)')
    .option('--environment <ENV>', 'the environment of config/environments.ts whose workflow declarations are used', 'dev')
    .addHelpText('after', '\nPlaceholders without a value get typed stand-ins. Exit status: 0 drawn, 1 template error, 2 usage error.')
    .action(async (target: string, options: GraphOptions) => {
      const { runGraph } = await import('./graph-command');
      done(await runGraph(io, target, options));
    });
}

function addImportCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('import')
    .description('Import a Workflow Studio export (JSON or YAML) as statemachine/<name>.asl.json, its AWS identifiers replaced by named placeholders')
    .argument('<export>', 'the exported definition (*.json, *.yaml, *.yml)')
    .option('--name <NAME>', 'the workflow name (default: from the export file name)')
    .option('--update', 'replace an existing template: keep its placeholder names, show the change as a diff, then write')
    .option('--vars <FILE>', 'with --update: the values of the existing placeholders (e.g. the --vars-out file of the previous import)')
    .option('--dry-run', 'with --update: only show the diff')
    .option('--vars-out <FILE>', 'also write the detected values as a JSON object (sfn render --vars FILE)')
    .addHelpText('after', '\nPrints the workflow declaration binding the placeholders. Exit status: 0 imported, 1 the export is not a valid definition, 2 usage error (nothing is written unless the import succeeds).')
    .action(async (file: string, options: ImportCommandOptions) => {
      const { runImport } = await import('./import-command');
      done(runImport(io, file, options));
    });
}

function addNewCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('new')
    .description('Start a workflow: its template, declaration (registered), handlers with tests and sample input; from a Workflow Studio export with --from')
    .argument('<name>', 'the workflow name (lower-case words joined by "-")')
    .option('--from <EXPORT>', 'a Workflow Studio export (JSON or YAML): its ARNs, names and URLs become placeholders bound to resources the stack creates')
    .option('--existing <SELECTOR[=ARN]>', 'bind to the existing resource instead: a placeholder, a kind (topic, table, ...) or "all"; repeatable', parseVarOption)
    .option('--rename <OLD=NEW>', 'declare a resource or function under another name (OLD: its placeholder or the name chosen); repeatable', parseVarOption)
    .option('--dry-run', 'print what would be written, write nothing')
    .addHelpText('after', '\nWrites all its files or none, and overwrites nothing. Exit status: 0 written, 1 the export is not valid (nothing written) or a task needs a grant (written, listed), 2 usage error.')
    .action(async (name: string, options: NewCommandOptions) => {
      const { runNew } = await import('./new-command');
      done(await runNew(io, name, options));
    });
}

function addTestStateCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('test-state')
    .description("Test one state as AWS's TestState does (inspection data, mocks, Retry and Catch outcomes) and print TestState's response JSON")
    .requiredOption('--definition <FILE|JSON|WORKFLOW>', "the state's JSON or a file holding it; with --state-name a state machine's, or a workflow of the project")
    .option('--state-name <NAME>', 'the state to test in the state machine (or workflow) given')
    .option('--input <JSON|@FILE>', "the state's input (default {})")
    .option('--inspection-level <LEVEL>', 'INFO (default), DEBUG or TRACE')
    .option('--mock <JSON|@FILE>', 'a mocked result or error: {"result": "<JSON>"} or {"errorOutput": {"error": "...", "cause": "..."}} (Task, Map, Parallel)')
    .option('--context <JSON|@FILE>', 'the Context Object (with --mock)')
    .option('--variables <JSON|@FILE>', 'workflow variables the state sees (a JSON object)')
    .option('--state-configuration <JSON|@FILE>', '{"retrierRetryCount", "errorCausedByState", "mapIterationFailureCount", "mapItemReaderData"}')
    .option('--role-arn <ARN>', 'the execution role (default: a local role; nothing checks IAM here)')
    .option('--reveal-secrets', 'as AWS takes it (no effect here)')
    .option('--functions <MODULE>', "a JS or TS module mapping Lambda function names to handlers (default: the project's functions)")
    .option('--var <NAME=VALUE>', 'a placeholder value of a template file; repeatable', parseVarOption)
    .option('--vars <FILE>', 'placeholder values of a template file (a JSON object)')
    .option('--environment <ENV>', 'the environment of a workflow given as --definition', 'dev')
    .addHelpText('after', '\nExit status: 0 SUCCEEDED, 1 FAILED, RETRIABLE or CAUGHT_ERROR (error and cause in the response), 2 usage error or a request AWS refuses.')
    .action(async (options: TestStateCommandOptions) => {
      const { runTestState } = await import('./test-state-command');
      done(await runTestState(io, options));
    });
}

function addServeCommand(program: Command, io: CliIo, done: Done): void {
  program
    .command('serve')
    .description('Start a local AWS Step Functions endpoint on 127.0.0.1 with the workflows of the project (for @aws-sdk/client-sfn, the AWS CLI, activity workers)')
    .option('--port <PORT>', 'the port (0: any free port)', '8083')
    .option('--environment <ENV>', 'the environment of config/environments.ts whose workflow declarations are loaded', 'dev')
    .option('--data-dir <DIR>', 'keep the data of the local services (S3 objects, ...) in DIR; default a temporary folder')
    .option('--virtual-time', 'Wait states and retry intervals are instant (default: real time, as on AWS)')
    .option('--workers', "also run the project's activity workers (workers/<activity>/src/index.ts) in-process against the endpoint")
    .option('--region <REGION>', "the region of the endpoint's ARNs (default: the environment's)")
    .option('--account <ID>', "the account of the endpoint's ARNs (default: the environment's accountId, else 123456789012)")
    .option('--mocks <FILE>', 'a Step Functions Local mock configuration (default: $SFN_MOCK_CONFIG): StartExecution of <arn>#<TestCase> runs that test case')
    .option('--seed <N>', 'seed of the alias routing (weighted versions): the same seed routes the same executions the same way')
    .addHelpText(
      'after',
      '\nStartSyncExecution and TestState: the SDK and the AWS CLI send them to sync-<host>. Use disableHostPrefix: true with @aws-sdk/client-sfn,\n' +
        'HTTP_PROXY=http://127.0.0.1:<port> with the AWS CLI (endpoint http://localhost:<port>), or map sync-localhost to 127.0.0.1 in /etc/hosts.\n' +
        'Runs until interrupted. Exit status: 0 after Ctrl-C, 2 usage error (e.g. the port is in use, an invalid mock configuration).',
    )
    .action(async (options: ServeCommandOptions) => {
      const { runServe } = await import('./serve-command');
      done(await runServe(io, options));
    });
}

/** The exit code of an error a command threw (after the message said on stderr). */
function reportError(io: CliIo, e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  // Usage and I/O errors: 2, the option or the path named.
  if (e instanceof UsageError || e instanceof FileReadError) {
    io.stderr(`sfn: ${e.message}\n`);
    return 2;
  }
  const errno = e as NodeJS.ErrnoException;
  if (typeof errno?.code === 'string' && /^E[A-Z]+$/.test(errno.code) && typeof errno.path === 'string') {
    io.stderr(`sfn: ${errno.path}: ${fileErrorReason(e)}\n`);
    return 2;
  }
  // JavaScript's own errors are bugs of sfn, said as such; the others are the project's (exit 1, their message).
  const bug = e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError || e instanceof SyntaxError || !(e instanceof Error);
  if (bug) io.stderr(`sfn: internal error: ${e instanceof Error ? e.message : String(e)}${process.env.SFN_DEBUG ? '' : ' (SFN_DEBUG=1 shows where)'}\n`);
  else io.stderr(`sfn: ${e.message}\n`);
  if (process.env.SFN_DEBUG && e instanceof Error) io.stderr(`${e.stack}\n`);
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitAfterFlush);
}
