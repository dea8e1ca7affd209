/**
 * The `sfn` command in a child process of the robustness suite (harness.ts `CliRunner`): it runs
 * one command line at a time, in-process, and answers with its exit code and output. A case that
 * hangs is cut by the parent, which kills this process; a case that ends this process (a handler
 * calling `process.exit`) is seen by the parent as its exit code, as a user would see it.
 */
import { main } from '../../cli/sfn';

interface Request {
  id: number;
  argv: string[];
  cwd: string;
}

process.on('message', (m: Request) => {
  let stdout = '';
  let stderr = '';
  const io = { cwd: m.cwd, stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), color: false };
  main(m.argv, io).then(
    (code) => process.send?.({ id: m.id, code, stdout, stderr }),
    (e: unknown) => process.send?.({ id: m.id, code: -1, stdout, stderr: `${stderr}[main threw] ${e instanceof Error ? e.stack : String(e)}` }),
  );
});
process.send?.({ ready: true });
