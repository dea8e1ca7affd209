/** Pass state: Result, Parameters and ResultPath (JSONPath) or Output (JSONata), and Assign. */
import { z } from 'zod';
import { isObject, type QueryLanguage, type StateCheck } from '../context';
import { PLAIN, checkAssign, checkIoPaths, checkJsonataField, checkPayloadTemplate } from '../common/payload';
import { anyJson, object } from '../common/schemas';
import { BASE_SHAPE, COMMON_FIELDS, FLOW_FIELDS, FLOW_SHAPE, IO_FIELDS, NOT_TASK_NOTES, PATHS_SHAPE, checkNextOrEnd, payloadTemplate, type StateType } from '../common/state';

export const fields = {
  ...COMMON_FIELDS,
  ...FLOW_FIELDS,
  ...IO_FIELDS,
  Result: 'JSONPath',
  ResultPath: 'JSONPath',
  Parameters: 'JSONPath',
  Output: 'JSONata',
  Assign: 'both',
} as const;

const schema = (ql: QueryLanguage) =>
  z.looseObject({
    ...BASE_SHAPE,
    ...FLOW_SHAPE,
    Assign: object().optional(),
    ...(ql === 'JSONPath'
      ? {
          ...PATHS_SHAPE,
          Parameters: payloadTemplate(),
          Result: anyJson().optional(),
        }
      : { Output: anyJson().optional() }),
  });

export const pass: StateType = {
  fields,
  notes: NOT_TASK_NOTES,
  schemas: { JSONPath: schema('JSONPath'), JSONata: schema('JSONata') },
  check(s: StateCheck) {
    checkNextOrEnd(s);
    if (s.ql === 'JSONPath') {
      checkIoPaths(s);
      if (isObject(s.state.Parameters)) checkPayloadTemplate(s, s.state.Parameters, ['Parameters']);
    } else checkJsonataField(s, 'Output', PLAIN);
    if (isObject(s.state.Assign)) checkAssign(s, s.state.Assign, ['Assign'], PLAIN);
  },
};
