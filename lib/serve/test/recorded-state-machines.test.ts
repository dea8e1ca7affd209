/**
 * State machine operations of the local endpoint against AWS's recorded answers (LocalStack's
 * AWS-validated snapshots, tests/aws/services/stepfunctions/v2/):
 * - test_sfn_api.snapshot.json, TestSnfApi (recorded 22-06-2023 to 01-07-2024);
 * - test_sfn_api_logs.snapshot.json, TestSnfApiLogs (recorded 01-06-2024 and 03-06-2024);
 * - test_sfn_api_tagging.snapshot.json, TestSnfApiTagging (recorded 25-08-2023; tagging a version,
 *   ResourceNotFound, is in versions.test.ts; its other errors are the Python SDK's own checks).
 * The members of each answer (LocalStack's snapshot sorts them; their order is not compared) and
 * the error code and message word for word; values AWS generates (ARNs with the account and
 * region, dates, revision ids) by shape.
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  type Tag,
  type LoggingConfiguration,
} from '@aws-sdk/client-sfn';
import { apiError, localEndpoint, members, passResult } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/recorded';
const ROLE_2 = 'arn:aws:iam::123456789012:role/recorded-2';
const SM_ARN = /^arn:aws:states:us-east-1:123456789012:stateMachine:[\w-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:recorded:*';

let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
beforeAll(async () => {
  endpoint = await localEndpoint({ clock: 'virtual' });
});
afterAll(() => endpoint.close());

const send = <T>(command: T) => endpoint.sfn.send(command as never) as unknown as Promise<Record<string, unknown>>;
const DESCRIBE_MEMBERS = ['creationDate', 'definition', 'loggingConfiguration', 'name', 'roleArn', 'stateMachineArn', 'status', 'tracingConfiguration', 'type'];

let n = 0;
async function create(definition: unknown, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await send(new CreateStateMachineCommand({ name: `statemachine_${++n}`, definition: typeof definition === 'string' ? definition : JSON.stringify(definition), roleArn: ROLE, ...extra }));
  expect(members(r)).toEqual(['creationDate', 'stateMachineArn']);
  expect(r.stateMachineArn).toMatch(SM_ARN);
  return r.stateMachineArn as string;
}

describe('CreateStateMachine, DescribeStateMachine, DeleteStateMachine (test_sfn_api)', () => {
  test('test_create_delete_valid_sm (22-06-2023): created, then deleted with an empty answer', async () => {
    const arn = await create(passResult());
    expect(members(await send(new DeleteStateMachineCommand({ stateMachineArn: arn })))).toEqual([]);
  });

  test('test_create_delete_invalid_sm (04-08-2023): a definition without States is InvalidDefinition', async () => {
    const e = await apiError(send(new CreateStateMachineCommand({ name: 'invalid_sm', definition: JSON.stringify({ Comment: 'BASE_INVALID_DER', StartAt: 'State_1' }), roleArn: ROLE })));
    expect(e).toEqual({ name: 'InvalidDefinition', message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'", status: 400 });
  });

  test('test_delete_nonexistent_sm (22-06-2023): deleting an unknown state machine succeeds', async () => {
    expect(members(await send(new DeleteStateMachineCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:statemachine_none' })))).toEqual([]);
  });

  test('test_describe_nonexistent_sm (26-10-2023): StateMachineDoesNotExist naming the ARN', async () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:statemachine_nonexistent';
    expect(await apiError(send(new DescribeStateMachineCommand({ stateMachineArn: arn })))).toEqual({ name: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${arn}'`, status: 400 });
  });

  test('test_describe_invalid_arn_sm (08-03-2024): InvalidArn "Invalid ARN prefix"', async () => {
    expect(await apiError(send(new DescribeStateMachineCommand({ stateMachineArn: 'not_a_valid_arn' })))).toEqual({ name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'", status: 400 });
  });

  test('test_create_exact_duplicate_sm (22-06-2023): the same request again answers the same state machine', async () => {
    const definition = JSON.stringify(passResult());
    const first = await send(new CreateStateMachineCommand({ name: 'duplicate_exact', definition, roleArn: ROLE }));
    const again = await send(new CreateStateMachineCommand({ name: 'duplicate_exact', definition, roleArn: ROLE }));
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    const d = await send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn as string }));
    expect(members(d)).toEqual(DESCRIBE_MEMBERS);
    expect(d).toMatchObject({ name: 'duplicate_exact', roleArn: ROLE, status: 'ACTIVE', type: 'STANDARD', loggingConfiguration: { includeExecutionData: false, level: 'OFF' }, tracingConfiguration: { enabled: false } });
    expect(JSON.parse(d.definition as string)).toEqual(passResult());
  });

  test.each([
    ['test_create_duplicate_definition_format_sm (22-06-2023): the same definition formatted otherwise', JSON.stringify(passResult(), null, 4)],
    ['test_create_duplicate_sm_name (22-06-2023): another definition', JSON.stringify({ ...passResult(), States: { State_1: { Type: 'Pass', Result: { Arg1: 'argument1', Arg2: 'Argument2' }, End: true } } })],
  ])('%s under a taken name is StateMachineAlreadyExists', async (_case, second) => {
    const name = `duplicate_${++n}`;
    const r = await send(new CreateStateMachineCommand({ name, definition: JSON.stringify(passResult()), roleArn: ROLE }));
    expect(await apiError(send(new CreateStateMachineCommand({ name, definition: second, roleArn: ROLE })))).toEqual({ name: 'StateMachineAlreadyExists', message: `State Machine Already Exists: '${r.stateMachineArn}'`, status: 400 });
  });
});

describe('UpdateStateMachine (test_sfn_api)', () => {
  const describe_ = (arn: string) => send(new DescribeStateMachineCommand({ stateMachineArn: arn }));

  test.each([
    ['test_create_update_state_machine_base_definition (08-08-2023)', (arg: string) => ({ definition: JSON.stringify(passResult(arg)) }), false],
    ['test_create_update_state_machine_base_role_arn (08-08-2023)', (arg: string) => ({ roleArn: `${ROLE}-${arg}` }), true],
    ['test_create_update_state_machine_base_definition_and_role (08-08-2023)', (arg: string) => ({ definition: JSON.stringify(passResult(arg)), roleArn: `${ROLE}-${arg}` }), true],
  ])('%s: each update answers {revisionId, updateDate}; DescribeStateMachine then has the revisionId', async (_case, update, roleChanges) => {
    const arn = await create(passResult());
    expect(members(await describe_(arn))).toEqual(DESCRIBE_MEMBERS);
    const ids: string[] = [];
    for (const arg of ['AfterUpdate1', 'AfterUpdate2']) {
      const u = await send(new UpdateStateMachineCommand({ stateMachineArn: arn, ...update(arg) }));
      expect(members(u)).toEqual(['revisionId', 'updateDate']);
      expect(u.revisionId).toMatch(UUID);
      const d = await describe_(arn);
      expect(members(d)).toEqual([...DESCRIBE_MEMBERS, 'revisionId'].sort());
      expect(d.revisionId).toBe(u.revisionId);
      if (roleChanges) expect(d.roleArn).toBe(`${ROLE}-${arg}`);
      ids.push(u.revisionId as string);
    }
    expect(ids[0]).not.toBe(ids[1]);
  });

  test('test_create_update_state_machine_base_update_none (08-08-2023): nothing to update is MissingRequiredParameter', async () => {
    const arn = await create(passResult());
    expect(await apiError(send(new UpdateStateMachineCommand({ stateMachineArn: arn })))).toEqual({
      name: 'MissingRequiredParameter',
      message: 'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      status: 400,
    });
  });

  test('test_create_update_state_machine_same_parameters (08-08-2023): an update that changes nothing keeps the revision', async () => {
    const arn = await create(passResult());
    const t1 = await send(new UpdateStateMachineCommand({ stateMachineArn: arn, roleArn: ROLE_2 }));
    const t2 = await send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(passResult()), roleArn: ROLE_2 }));
    expect(members(t2)).toEqual(['revisionId', 'updateDate']);
    expect(t2.revisionId).toBe(t1.revisionId);
    expect((await describe_(arn)).revisionId).toBe(t1.revisionId);
  });
});

describe('ListStateMachines (test_sfn_api)', () => {
  test('test_list_sms (29-08-2023): items {stateMachineArn, name, type, creationDate}; a deleted one is no longer listed', async () => {
    const arn = await create(passResult());
    const listed = async () => ((await send(new ListStateMachinesCommand({}))).stateMachines as Record<string, unknown>[]).filter((m) => m.stateMachineArn === arn);
    const [item] = await listed();
    expect(members(item)).toEqual(['creationDate', 'name', 'stateMachineArn', 'type']);
    expect(item).toMatchObject({ type: 'STANDARD' });
    await send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    expect(await listed()).toEqual([]);
  });

  test('test_list_sms_pagination (01-07-2024): pages of maxResults in name order (by character code); maxResults and nextToken limits', async () => {
    const page = await localEndpoint({ clock: 'virtual' });
    try {
      // statemachine_<i>_<uid> for i in 0..12, as recorded: 0, 10, 11, 12, 1, 2, ... ('_' after the digits).
      for (let i = 0; i < 13; i++) await page.sfn.send(new CreateStateMachineCommand({ name: `statemachine_${i}_u1`, definition: JSON.stringify(passResult()), roleArn: ROLE }));
      const order = (ids: number[]) => ids.map((i) => `statemachine_${i}_u1`);
      const p1 = await page.sfn.send(new ListStateMachinesCommand({ maxResults: 10 }));
      const p2 = await page.sfn.send(new ListStateMachinesCommand({ maxResults: 10, nextToken: p1.nextToken }));
      expect(p1.stateMachines?.map((m) => m.name)).toEqual(order([0, 10, 11, 12, 1, 2, 3, 4, 5, 6]));
      expect(p2.stateMachines?.map((m) => m.name)).toEqual(order([7, 8, 9]));
      expect(p2.nextToken).toBeUndefined();
      expect((await page.sfn.send(new ListStateMachinesCommand({ maxResults: 0 }))).stateMachines).toHaveLength(13);
      expect(await apiError(page.sfn.send(new ListStateMachinesCommand({ maxResults: 1001 })))).toEqual({
        name: 'ValidationException',
        message: "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
        status: 400,
      });
      const long = 'x'.repeat(1025);
      expect(await apiError(page.sfn.send(new ListStateMachinesCommand({ nextToken: long })))).toEqual({
        name: 'ValidationException',
        message: `1 validation error detected: Value '${long}' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024`,
        status: 400,
      });
    } finally {
      await page.close();
    }
  });
});

describe('loggingConfiguration (test_sfn_api_logs)', () => {
  const destinations = [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }];

  test.each(['ALL', 'FATAL', 'ERROR', 'OFF'].flatMap((level) => [false, true].map((includeExecutionData) => [level, includeExecutionData] as const)))(
    'test_logging_configuration[%s-%s] (01-06-2024): described as given',
    async (level, includeExecutionData) => {
      const loggingConfiguration = { level, includeExecutionData, destinations } as LoggingConfiguration;
      const arn = await create(passResult(), { loggingConfiguration });
      const d = await send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      expect(members(d)).toEqual(DESCRIBE_MEMBERS);
      expect(d.loggingConfiguration).toEqual(loggingConfiguration);
    },
  );

  test.each([
    ['logging_configuration0', {}, { includeExecutionData: false, level: 'OFF' }],
    ['logging_configuration1', { destinations: [] }, { destinations: [], includeExecutionData: false, level: 'OFF' }],
  ])('test_incomplete_logging_configuration[%s] (01-06-2024): level OFF by default', async (_case, given, described) => {
    const arn = await create(passResult(), { loggingConfiguration: given });
    expect((await send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).loggingConfiguration).toEqual(described);
  });

  const oneDestination = { name: 'InvalidLoggingConfiguration', message: 'Invalid Logging Configuration: Must specify exactly one Log Destination.', status: 400 };

  test.each(['ALL', 'FATAL', 'ERROR'])('test_invalid_logging_configuration (01-06-2024): level %s without a destination', async (level) => {
    expect(await apiError(send(new CreateStateMachineCommand({ name: 'no_destination', definition: JSON.stringify(passResult()), roleArn: ROLE, loggingConfiguration: { level } as LoggingConfiguration })))).toEqual(oneDestination);
  });

  test('test_multiple_destinations (01-06-2024): two destinations', async () => {
    const loggingConfiguration = { level: 'ALL', destinations: [...destinations, { cloudWatchLogsLogGroup: { logGroupArn: `${LOG_GROUP}-2` } }] } as LoggingConfiguration;
    expect(await apiError(send(new CreateStateMachineCommand({ name: 'two_destinations', definition: JSON.stringify(passResult()), roleArn: ROLE, loggingConfiguration })))).toEqual(oneDestination);
  });

  test('test_update_logging_configuration (03-06-2024): a change is a revision, the same configuration is not', async () => {
    const config = { level: 'ALL', includeExecutionData: true, destinations } as LoggingConfiguration;
    const arn = await create(passResult(), { loggingConfiguration: config });
    const describe_ = () => send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    await send(new UpdateStateMachineCommand({ stateMachineArn: arn, loggingConfiguration: { ...config, level: 'FATAL' } }));
    const level = await describe_();
    expect(level).toMatchObject({ loggingConfiguration: { ...config, level: 'FATAL' }, revisionId: expect.stringMatching(UUID) });
    await send(new UpdateStateMachineCommand({ stateMachineArn: arn, loggingConfiguration: { ...config, level: 'FATAL' } }));
    expect((await describe_()).revisionId).toBe(level.revisionId);
    await send(new UpdateStateMachineCommand({ stateMachineArn: arn, loggingConfiguration: { ...config, level: 'FATAL', includeExecutionData: false } }));
    const flag = await describe_();
    expect(flag.loggingConfiguration).toEqual({ ...config, level: 'FATAL', includeExecutionData: false });
    expect(flag.revisionId).not.toBe(level.revisionId);
    const two = { ...config, destinations: [...destinations, { cloudWatchLogsLogGroup: { logGroupArn: `${LOG_GROUP}-2` } }] } as LoggingConfiguration;
    expect(await apiError(send(new UpdateStateMachineCommand({ stateMachineArn: arn, loggingConfiguration: two })))).toEqual(oneDestination);
    expect(await apiError(send(new UpdateStateMachineCommand({ stateMachineArn: arn, loggingConfiguration: { level: 'ALL' } })))).toEqual(oneDestination);
  });
});

describe('tags (test_sfn_api_tagging)', () => {
  const tags = async (arn: string) => {
    const r = await send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(members(r)).toEqual(['tags']);
    return r.tags;
  };

  test.each([
    ['tag_list0', [], []],
    ['tag_list1', [{ key: 'key1', value: 'value1' }], [{ key: 'key1', value: 'value1' }]],
    ['tag_list2', [{ key: 'key1', value: '' }], [{ key: 'key1', value: '' }]],
    ['tag_list3', [{ key: 'key1', value: 'value1' }, { key: 'key1', value: 'value1' }], [{ key: 'key1', value: 'value1' }]],
    ['tag_list4', [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }], [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }]],
  ])('test_tag_state_machine[%s] (25-08-2023): TagResource answers {}; the tags listed', async (_case, given, listed) => {
    const arn = await create(passResult());
    expect(members(await send(new TagResourceCommand({ resourceArn: arn, tags: given as Tag[] })))).toEqual([]);
    expect(await tags(arn)).toEqual(listed);
  });

  test.each([
    ['tag_keys0', [], [{ key: 'key1', value: 'value1' }]],
    ['tag_keys1', ['key1'], []],
    ['tag_keys2', ['key1', 'key1'], []],
    ['tag_keys3', ['key1', 'key2'], []],
  ])('test_untag_state_machine[%s] (25-08-2023): UntagResource answers {}; unknown keys are ignored', async (_case, keys, listed) => {
    const arn = await create(passResult());
    await send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'key1', value: 'value1' }] }));
    expect(members(await send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys })))).toEqual([]);
    expect(await tags(arn)).toEqual(listed);
  });

  test('test_create_state_machine (25-08-2023): the tags given at creation are listed', async () => {
    const given = [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value2' }];
    expect(await tags(await create(passResult(), { tags: given }))).toEqual(given);
  });
});
