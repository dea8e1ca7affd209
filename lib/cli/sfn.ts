/**
 * The `sfn` command: `sfn validate [FILE...]`, `sfn render FILE`, `sfn run FILE|NAME`, `sfn invoke FUNCTION`, `sfn graph`, `sfn import`, `sfn serve`. Exit codes: 0 success,
 * 1 problems found, 2 usage errors. Colours only on a TTY (and never with NO_COLOR).
 */
import { Command, CommanderError } from 'commander';
import { exitAfterFlush, processIo, UsageError, type CliIo } from './io';
import type { GraphOptions } from './graph-command';
import type { ImportCommandOptions } from './import-command';
import type { InvokeCommandOptions } from './invoke-command';
import { runRender, type RenderOptions } from './render-command';
import type { RunCommandOptions } from './run-command';
import type { ServeCommandOptions } from './serve-command';
import { runValidate, type ValidateOptions } from './validate-command';
import { parseVarOption } from './values';

export { exitAfterFlush };

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = new Command('sfn')
    .description('The Step Functions workflows of this project on your machine: check, render, run, draw, import and serve them')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('validate')
    .description('Check templates: JSON syntax, placeholders and the States Language rules (default: every statemachine/*.asl.json)')
    .argument('[files...]', 'template files or directories')
    .option('--json', 'machine-readable output')
    .option('--var <NAME=VALUE>', 'a placeholder value (a string); repeatable', parseVarOption)
    .option('--vars <FILE>', 'a JSON object of placeholder values (typed)')
    .option('--remote', 'also ask AWS (ValidateStateMachineDefinition) when AWS credentials are configured')
    .addHelpText(
      'after',
      '\nWithout values, each placeholder gets a typed stand-in that fits where it stands.\nExit status: 0 all valid, 1 problems found (one FILE:LINE:COL line each), 2 usage error.',
    )
    .action(async (files: string[], options: ValidateOptions) => {
      code = await runValidate(io, files, options);
    });

  program
    .command('render')
    .description('Print the rendered definition of a template')
    .argument('<file>', 'the template')
    .option('--var <NAME=VALUE>', 'a placeholder value (a string); repeatable', parseVarOption)
    .option('--vars <FILE>', 'a JSON object of placeholder values (typed: numbers, booleans, objects keep their type)')
    .addHelpText('after', '\nExit status: 0 rendered, 1 template error (missing or unused value, malformed placeholder, invalid JSON), 2 usage error.')
    .action((file: string, options: RenderOptions) => {
      code = runRender(io, file, options);
    });

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
      code = await runRun(io, target, options);
    });

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
      code = await runInvoke(io, name, options);
    });

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
      code = await runGraph(io, target, options);
    });

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
      code = runImport(io, file, options);
    });

  program
    .command('serve')
    .description('Start a local AWS Step Functions endpoint on 127.0.0.1 with the workflows of the project (for @aws-sdk/client-sfn, the AWS CLI, activity workers)')
    .option('--port <PORT>', 'the port (0: any free port)', '8083')
    .option('--environment <ENV>', 'the environment of config/environments.ts whose workflow declarations are loaded', 'dev')
    .option('--data-dir <DIR>', 'keep the data of the local services (S3 objects, ...) in DIR; default a temporary folder')
    .option('--virtual-time', 'Wait states and retry intervals are instant (default: real time, as on AWS)')
    .option('--workers', "also run the project's activity workers (workers/<activity>/src/index.ts) in-process against the endpoint")
    .addHelpText('after', '\nRuns until interrupted. Exit status: 0 after Ctrl-C, 2 usage error (e.g. the port is in use).')
    .action(async (options: ServeCommandOptions) => {
      const { runServe } = await import('./serve-command');
      code = await runServe(io, options);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof UsageError) {
      io.stderr(`sfn: ${e.message}\n`);
      return 2;
    }
    io.stderr(`sfn: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.SFN_DEBUG && e instanceof Error) io.stderr(`${e.stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitAfterFlush);
}
