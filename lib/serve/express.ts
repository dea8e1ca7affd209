/**
 * What an EXPRESS state machine cannot use (developer guide, "Choosing workflow type": Express
 * workflows support neither the `.sync` nor the `.waitForTaskToken` service integration pattern,
 * nor activities). AWS's diagnostic, recorded in LocalStack's test_sfn_api_validation snapshot:
 * SCHEMA_VALIDATION_FAILED "Express state machine does not support '.waitForTaskToken' service
 * integration " at the Task's Resource; in test_sfn_api_express, "...'.sync' service integration"
 * (without the trailing space) and "...does not support Activity ARN".
 */
import { pointerSegment } from '../asl/problem';
import type { Diagnostic } from '../asl/validate';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const ACTIVITY = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;

function problem(resource: string): string | undefined {
  if (resource.endsWith('.waitForTaskToken')) return "Express state machine does not support '.waitForTaskToken' service integration ";
  if (/\.sync(:\d+)?$/.test(resource)) return "Express state machine does not support '.sync' service integration";
  if (ACTIVITY.test(resource)) return 'Express state machine does not support Activity ARN';
  return undefined;
}

/** The Tasks of a definition (any depth) that an EXPRESS state machine cannot run. */
export function expressProblems(definition: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (scope: unknown, at: string) => {
    if (!isObject(scope) || !isObject(scope.States)) return;
    for (const [name, s] of Object.entries(scope.States)) {
      if (!isObject(s)) continue;
      const here = `${at}/States/${pointerSegment(name)}`;
      const message = s.Type === 'Task' && typeof s.Resource === 'string' ? problem(s.Resource) : undefined;
      if (message !== undefined) out.push({ code: 'SCHEMA_VALIDATION_FAILED', message, pointer: `${here}/Resource` });
      if (Array.isArray(s.Branches)) s.Branches.forEach((b, i) => visit(b, `${here}/Branches/${i}`));
      visit(s.ItemProcessor, `${here}/ItemProcessor`);
      visit(s.Iterator, `${here}/Iterator`);
    }
  };
  visit(definition, '');
  return out;
}
