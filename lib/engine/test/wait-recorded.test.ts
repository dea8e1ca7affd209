/**
 * JSONata Wait Timestamp as recorded on AWS: LocalStack's AWS-validated snapshots in
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json,
 * test_wait_timestamp_jsonata (recorded 27-12-2024). The definition is ours, equivalent to the
 * recorded one; errors, causes, EvaluationFailed details and previousEventIds are AWS's.
 */
import type { ExecutionResult } from '../types';
import { def, prevIds, run, types } from './helpers';

const pairs = (r: ExecutionResult) => types(r).map((t, i) => [t, prevIds(r)[i]]);
const machine = def({ QueryLanguage: 'JSONata', StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', Timestamp: '{% $states.input.TimestampValue %}', End: true } } });

test.each([
  ['SECONDS', '2016-12-05T21:29:29Z'],
  ['NANOSECONDS', '2016-12-05T21:29:29.123456789Z'],
])('test_wait_timestamp_jsonata[%s]: an RFC 3339 timestamp waits until then', async (_name, ts) => {
  const r = await run(machine, { TimestampValue: ts });
  expect(r.output).toEqual({ TimestampValue: ts });
  expect(types(r)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
});

test.each([
  ['NO_T', '2016-12-05 21:29:29Z'],
  ['NO_Z', '2016-12-05T21:29:29'],
  ['INVALID_DATE', '2016-13-05T21:29:29Z'],
  ['INVALID_TIME', '2016-12-05T25:29:29Z'],
  ['INVALID_ISO', '05-12-2016T21:29:29Z'],
])('test_wait_timestamp_jsonata[%s]: States.QueryEvaluationError, EvaluationFailed after WaitStateEntered', async (_name, ts) => {
  const r = await run(machine, { TimestampValue: ts });
  const cause = `An error occurred while executing the state 'WaitState' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${ts}`;
  expect([r.error, r.cause]).toEqual(['States.QueryEvaluationError', cause]);
  expect(r.events[2].evaluationFailedEventDetails).toEqual({ error: 'States.QueryEvaluationError', cause, location: 'Timestamp', state: 'WaitState' });
  expect(pairs(r)).toEqual([
    ['ExecutionStarted', 0],
    ['WaitStateEntered', 0],
    ['EvaluationFailed', 2],
    ['ExecutionFailed', 3],
  ]);
});
