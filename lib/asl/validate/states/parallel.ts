/** Parallel state: Branches, each a state machine of its own (StartAt, States). */
import { z } from 'zod';
import { isObject, type QueryLanguage, type StateCheck } from '../context';
import { checkRetryCatch } from '../common/retry-catch';
import { PLAIN, WITH_RESULT, checkAssign, checkIoPaths, checkJsonataField, checkPayloadTemplate } from '../common/payload';
import { object } from '../common/schemas';
import { BASE_SHAPE, COMMON_FIELDS, FLOW_FIELDS, FLOW_SHAPE, IO_FIELDS, NOT_TASK_NOTES, RESULT_FIELDS, RESULT_SHAPES, checkNextOrEnd, type StateType } from '../common/state';

export const fields = {
  ...COMMON_FIELDS,
  ...FLOW_FIELDS,
  ...IO_FIELDS,
  Branches: 'both',
  ...RESULT_FIELDS,
} as const;

const schema = (ql: QueryLanguage) =>
  z.looseObject({
    ...BASE_SHAPE,
    ...FLOW_SHAPE,
    Branches: z
      .array(object('a branch: an object with StartAt and States'), { error: () => 'must be a non-empty array of branches (objects with StartAt and States)' })
      .min(1, { error: () => 'must be a non-empty array of branches (objects with StartAt and States)' }),
    Assign: object().optional(),
    ...RESULT_SHAPES[ql],
  });

const { Retry: _r, Catch: _c, ...notes } = NOT_TASK_NOTES;

export const parallel: StateType = {
  fields,
  notes,
  schemas: { JSONPath: schema('JSONPath'), JSONata: schema('JSONata') },
  check(s: StateCheck) {
    const st = s.state;
    checkNextOrEnd(s);
    if (s.ql === 'JSONPath') {
      checkIoPaths(s);
      for (const f of ['Parameters', 'ResultSelector']) if (isObject(st[f])) checkPayloadTemplate(s, st[f], [f]);
    } else {
      checkJsonataField(s, 'Arguments', PLAIN);
      checkJsonataField(s, 'Output', WITH_RESULT);
    }
    if (isObject(st.Assign)) checkAssign(s, st.Assign, ['Assign'], WITH_RESULT);
    checkRetryCatch(s);
    if (Array.isArray(st.Branches)) st.Branches.forEach((b, i) => isObject(b) && s.nested(b, ['Branches', i], 'branch'));
  },
};
