/** Task state: Resource, timeouts, Credentials, input/output fields, Retry and Catch. */
import { z } from 'zod';
import { has, isObject, ptr, stateLabel, type QueryLanguage, type StateCheck } from '../context';
import { checkRetryCatch } from '../common/retry-catch';
import {
  PLAIN,
  REFERENCE_PATH,
  WITH_RESULT,
  checkAssign,
  checkIoPaths,
  checkJsonataField,
  checkPathField,
  checkPayloadTemplate,
} from '../common/payload';
import { MAX_SECONDS, exclusive, integer, object, orJsonata, pathString, string } from '../common/schemas';
import { BASE_SHAPE, COMMON_FIELDS, FLOW_FIELDS, FLOW_SHAPE, IO_FIELDS, RESULT_FIELDS, RESULT_SHAPES, checkNextOrEnd, jsonataArguments, type StateType } from '../common/state';
import { SCHEMA } from '../context';

export const fields = {
  ...COMMON_FIELDS,
  ...FLOW_FIELDS,
  ...IO_FIELDS,
  Resource: 'both',
  ...RESULT_FIELDS,
  TimeoutSeconds: 'both',
  TimeoutSecondsPath: 'JSONPath',
  HeartbeatSeconds: 'both',
  HeartbeatSecondsPath: 'JSONPath',
  Credentials: 'both',
} as const;

/**
 * An ARN: arn:<partition>:<service>:<region>:<account>:<resource>, e.g. a Lambda function, an
 * activity, or a service integration such as arn:aws:states:::lambda:invoke.
 */
const ARN = /^arn:aws[a-zA-Z-]*:[a-zA-Z0-9-]+:[a-z0-9-]*:(\d{12})?:\S+$/;
export const isArn = (v: unknown): boolean => typeof v === 'string' && ARN.test(v);

const seconds = (ql: QueryLanguage) => orJsonata(integer(1, MAX_SECONDS, `a positive integer (at most ${MAX_SECONDS})`), `a positive integer (at most ${MAX_SECONDS})`, ql).optional();

const schema = (ql: QueryLanguage) =>
  z.looseObject({
    ...BASE_SHAPE,
    ...FLOW_SHAPE,
    Resource: string('an ARN such as "arn:aws:states:::lambda:invoke"'),
    TimeoutSeconds: seconds(ql),
    HeartbeatSeconds: seconds(ql),
    Assign: object().optional(),
    ...(ql === 'JSONPath'
      ? {
          ...RESULT_SHAPES.JSONPath,
          TimeoutSecondsPath: pathString(false).optional(),
          HeartbeatSecondsPath: pathString(false).optional(),
          Credentials: object().optional(),
        }
      : {
          ...RESULT_SHAPES.JSONata,
          Credentials: jsonataArguments(),
        }),
  });

export const task: StateType = {
  fields,
  schemas: { JSONPath: schema('JSONPath'), JSONata: schema('JSONata') },
  check(s: StateCheck) {
    const st = s.state;
    checkNextOrEnd(s);
    if (typeof st.Resource === 'string' && !isArn(st.Resource)) {
      s.ctx.report(
        ptr(s.pointer, 'Resource'),
        'INVALID_RESOURCE',
        `${stateLabel(s)}: field "Resource" must be an ARN (arn:<partition>:<service>:<region>:<account>:<resource>, e.g. "arn:aws:states:::lambda:invoke"), got ${JSON.stringify(st.Resource)}`,
      );
    }
    exclusive(s, st, [], 'TimeoutSeconds', 'TimeoutSecondsPath');
    exclusive(s, st, [], 'HeartbeatSeconds', 'HeartbeatSecondsPath');
    const timeout = st.TimeoutSeconds;
    const heartbeat = st.HeartbeatSeconds;
    if (typeof heartbeat === 'number' && typeof timeout === 'number' && Number.isInteger(heartbeat) && Number.isInteger(timeout) && heartbeat >= 1 && timeout >= 1 && heartbeat >= timeout) {
      s.ctx.report(
        ptr(s.pointer, 'HeartbeatSeconds'),
        SCHEMA,
        `${stateLabel(s)}: field "HeartbeatSeconds" (${heartbeat}) must be smaller than "TimeoutSeconds" (${timeout})`,
      );
    }
    if (s.ql === 'JSONPath') {
      checkIoPaths(s);
      for (const f of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) if (has(st, f)) checkPathField(s, [f], st[f], REFERENCE_PATH);
      for (const f of ['Parameters', 'ResultSelector', 'Credentials']) if (isObject(st[f])) checkPayloadTemplate(s, st[f], [f]);
    } else {
      checkJsonataField(s, 'Arguments', PLAIN);
      checkJsonataField(s, 'Credentials', PLAIN);
      checkJsonataField(s, 'TimeoutSeconds', PLAIN);
      checkJsonataField(s, 'HeartbeatSeconds', PLAIN);
      checkJsonataField(s, 'Output', WITH_RESULT);
    }
    if (isObject(st.Assign)) checkAssign(s, st.Assign, ['Assign'], WITH_RESULT);
    checkRetryCatch(s);
  },
};
