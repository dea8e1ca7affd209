/**
 * Versions, aliases, UpdateStateMachine, DescribeStateMachineForExecution and tags through the
 * real @aws-sdk/client-sfn, against AWS's documented behaviour (developer guide "State machine
 * versions" https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html
 * and "State machine aliases" .../concepts-state-machine-alias.html; API reference for each
 * operation) and AWS's recorded answers (LocalStack snapshots test_sfn_api_versioning,
 * test_sfn_api_aliasing, test_sfn_api_tagging).
 */
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type RoutingConfigurationListItem,
} from '@aws-sdk/client-sfn';
import { localEndpoint, apiError } from './helpers';

const ROLE = 'arn:aws:iam::123456789012:role/local';
let endpoint: Awaited<ReturnType<typeof localEndpoint>>;
let sfn: SFNClient;

beforeAll(async () => {
  endpoint = await localEndpoint({ clock: 'virtual', seed: 42 });
  sfn = endpoint.sfn;
});

afterAll(() => endpoint.close());

const pass = (result: string) => JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });

async function output(executionArn: string): Promise<unknown> {
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') return JSON.parse(d.output as string);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A state machine with versions 1 ("v1") and 2 ("v2"). */
async function twoVersions(name: string): Promise<{ arn: string; v1: string; v2: string }> {
  const created = await sfn.send(new CreateStateMachineCommand({ name, definition: pass('v1'), roleArn: ROLE, publish: true }));
  const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: pass('v2'), publish: true }));
  return { arn: created.stateMachineArn as string, v1: created.stateMachineVersionArn as string, v2: updated.stateMachineVersionArn as string };
}

describe('versions', () => {
  test('CreateStateMachine with publish makes version 1; DescribeStateMachine of a version ARN describes that version', async () => {
    const r = await sfn.send(new CreateStateMachineCommand({ name: 'versioned', definition: pass('one'), roleArn: ROLE, publish: true, versionDescription: 'first' }));
    expect(r.stateMachineVersionArn).toBe(`${r.stateMachineArn}:1`);
    const v = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: r.stateMachineVersionArn }));
    expect(v).toMatchObject({ stateMachineArn: `${r.stateMachineArn}:1`, name: 'versioned', description: 'first', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE });
    expect(v.revisionId).toBeUndefined();
    expect((await apiError(sfn.send(new CreateStateMachineCommand({ name: 'x', definition: pass('x'), roleArn: ROLE, versionDescription: 'd' })))).message).toBe(
      'Version description can only be set when publish is true',
    );
    expect((await apiError(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${r.stateMachineArn}:9` })))).name).toBe('StateMachineDoesNotExist');
  });

  test('UpdateStateMachine makes a revision; publishing is idempotent per revision; numbers are never reused; a stale revisionId conflicts', async () => {
    const c = await sfn.send(new CreateStateMachineCommand({ name: 'revisions', definition: pass('r0'), roleArn: ROLE }));
    const arn = c.stateMachineArn as string;
    const u1 = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: pass('r1') }));
    expect(u1.revisionId).toMatch(/\S/);
    expect(u1.stateMachineVersionArn).toBeUndefined();
    const p1 = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, description: 'one' }));
    expect(p1.stateMachineVersionArn).toBe(`${arn}:1`);
    expect((await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }))).stateMachineVersionArn).toBe(`${arn}:1`);
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }))).revisionId).toBe(u1.revisionId);
    const u2 = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: pass('r2'), publish: true }));
    expect(u2.stateMachineVersionArn).toBe(`${arn}:2`);
    const same = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: pass('r2'), publish: true }));
    // The current revision's id, as AWS answers an update that changes nothing (LocalStack's AWS-validated
    // test_sfn_api snapshot, test_create_update_state_machine_same_parameters, recorded 08-08-2023).
    expect(same.revisionId).toBe(u2.revisionId);
    expect(same.stateMachineVersionArn).toBe(`${arn}:2`);
    const list = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    expect(list.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:2`, `${arn}:1`]);
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:2` }));
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:2` }));
    const u3 = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: pass('r3') }));
    expect((await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }))).stateMachineVersionArn).toBe(`${arn}:3`);
    const stale = await apiError(sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: u1.revisionId })));
    expect(stale).toMatchObject({ name: 'ConflictException', message: `Failed to publish the State Machine version for revision ${u1.revisionId}. The current State Machine revision is ${u3.revisionId}.` });
    expect((await apiError(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn })))).name).toBe('MissingRequiredParameter');
  });

  test('a version ARN runs that version; the execution records it; DescribeStateMachineForExecution shows what it ran', async () => {
    const { arn, v1 } = await twoVersions('run-versions');
    const latest = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'latest' }));
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn: v1, name: 'first' }));
    expect(first.executionArn).toBe(arn.replace(':stateMachine:', ':execution:') + ':first');
    expect(await output(first.executionArn as string)).toBe('v1');
    expect(await output(latest.executionArn as string)).toBe('v2');
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(d).toMatchObject({ stateMachineArn: arn, stateMachineVersionArn: v1 });
    expect(d.stateMachineAliasArn).toBeUndefined();
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: latest.executionArn }))).stateMachineVersionArn).toBeUndefined();
    const forExec = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: first.executionArn }));
    expect(forExec).toMatchObject({ stateMachineArn: arn, name: 'run-versions', definition: pass('v1'), roleArn: ROLE });
    expect(forExec.updateDate).toBeInstanceOf(Date);
    const byVersion = await sfn.send(new ListExecutionsCommand({ stateMachineArn: v1 }));
    expect(byVersion.executions?.map((e) => [e.name, e.stateMachineVersionArn])).toEqual([['first', v1]]);
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }))).executions?.map((e) => e.name)).toEqual(['first', 'latest']);
  });
});

describe('aliases', () => {
  test('create (idempotent), describe, update, list, delete; a version an alias uses cannot be deleted', async () => {
    const { arn, v1, v2 } = await twoVersions('aliased');
    const routing: RoutingConfigurationListItem[] = [{ stateMachineVersionArn: v1, weight: 100 }];
    const a = await sfn.send(new CreateStateMachineAliasCommand({ name: 'PROD', routingConfiguration: routing, description: 'production' }));
    expect(a.stateMachineAliasArn).toBe(`${arn}:PROD`);
    expect((await sfn.send(new CreateStateMachineAliasCommand({ name: 'PROD', routingConfiguration: routing, description: 'production' }))).stateMachineAliasArn).toBe(a.stateMachineAliasArn);
    expect(await apiError(sfn.send(new CreateStateMachineAliasCommand({ name: 'PROD', routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] })))).toMatchObject({
      name: 'ConflictException',
      message: 'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
    });
    const d = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: a.stateMachineAliasArn }));
    expect(d).toMatchObject({ stateMachineAliasArn: `${arn}:PROD`, name: 'PROD', description: 'production', routingConfiguration: routing });
    await sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: a.stateMachineAliasArn, routingConfiguration: [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v2, weight: 50 }] }));
    expect((await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: a.stateMachineAliasArn }))).routingConfiguration?.map((r) => r.weight)).toEqual([50, 50]);
    await sfn.send(new CreateStateMachineAliasCommand({ name: 'TEST', routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }] }));
    expect((await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }))).stateMachineAliases?.map((x) => x.stateMachineAliasArn)).toEqual([`${arn}:PROD`, `${arn}:TEST`]);
    expect((await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: v1 }))).stateMachineAliases?.map((x) => x.stateMachineAliasArn)).toEqual([`${arn}:PROD`]);
    expect(await apiError(sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v2 })))).toMatchObject({
      name: 'ConflictException',
      message: 'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [PROD, TEST]',
    });
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:TEST` }));
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:TEST` }));
    expect(await apiError(sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:TEST`, description: 'x' })))).toMatchObject({
      name: 'ResourceNotFound',
      message: 'Request references a resource that does not exist.',
    });
  });

  test('invalid names and routing configurations get AWS\'s messages', async () => {
    const { arn, v1, v2 } = await twoVersions('routing-rules');
    const create = (name: string, routingConfiguration: RoutingConfigurationListItem[]) => apiError(sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration })));
    expect((await create('123', [{ stateMachineVersionArn: v1, weight: 100 }])).message).toBe(
      "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$",
    );
    expect((await create('a', [{ stateMachineVersionArn: v1, weight: 70 }, { stateMachineVersionArn: v2, weight: 29 }])).message).toBe('Sum of routing configuration weights must equal 100. Received: [70, 29]');
    expect((await create('a', [{ stateMachineVersionArn: v1, weight: 50 }, { stateMachineVersionArn: v1, weight: 50 }])).message).toBe(
      `Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`,
    );
    expect((await create('a', [{ stateMachineVersionArn: arn, weight: 100 }])).message).toBe(`Routing configuration must contain state machine version ARNs. Received: [${arn}]`);
    expect((await create('a', [{ stateMachineVersionArn: v1, weight: 101 }])).message).toBe(
      "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    const three = await create('a', [v1, v2, `${arn}:3`].map((stateMachineVersionArn, i) => ({ stateMachineVersionArn, weight: [50, 30, 20][i] })));
    expect(three.message).toMatch(/^1 validation error detected: Value '\[RoutingConfigurationListItem\(stateMachineVersionArn=.*\)\]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2$/);
  });

  test('a canary alias routes about one execution in ten to the new version; executions record the alias and the version; the same seed routes the same way', async () => {
    const { v1, v2 } = await twoVersions('canary');
    const alias = await sfn.send(new CreateStateMachineAliasCommand({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 90 }, { stateMachineVersionArn: v2, weight: 10 }] }));
    const aliasArn = alias.stateMachineAliasArn as string;
    /** The versions that n executions started with the alias ran, oldest first (ListExecutions of the alias: newest first). */
    const route = async (client: SFNClient, n: number, arn = aliasArn) => {
      for (let i = 0; i < n; i++) await client.send(new StartExecutionCommand({ stateMachineArn: arn, name: `run-${i}` }));
      const listed = (await client.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1000 }))).executions ?? [];
      expect(listed.every((e) => e.stateMachineAliasArn === arn)).toBe(true);
      return listed.map((e) => e.stateMachineVersionArn as string).reverse();
    };
    const routed = await route(sfn, 200);
    expect(routed).toHaveLength(200);
    const toCanary = routed.filter((v) => v === v2).length;
    // Binomial(200, 0.1): mean 20, standard deviation 4.2; 7..35 is beyond 3 deviations either way.
    expect(toCanary).toBeGreaterThanOrEqual(7);
    expect(toCanary).toBeLessThanOrEqual(35);
    expect(routed.every((v) => v === v1 || v === v2)).toBe(true);
    const one = await sfn.send(new DescribeExecutionCommand({ executionArn: v1.replace(':stateMachine:', ':execution:').replace(/:1$/, ':run-0') }));
    expect(one).toMatchObject({ stateMachineAliasArn: aliasArn, stateMachineVersionArn: routed[0] });
    // Another endpoint with the same seed, the same aliases and the same requests routes alike.
    const again = await localEndpoint({ clock: 'virtual', seed: 7 });
    const other = await localEndpoint({ clock: 'virtual', seed: 7 });
    try {
      const sequences = [];
      for (const { sfn: c } of [again, other]) {
        const created = await c.send(new CreateStateMachineCommand({ name: 'canary', definition: pass('v1'), roleArn: ROLE, publish: true }));
        const updated = await c.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: pass('v2'), publish: true }));
        await c.send(new CreateStateMachineAliasCommand({ name: 'live', routingConfiguration: [{ stateMachineVersionArn: created.stateMachineVersionArn, weight: 90 }, { stateMachineVersionArn: updated.stateMachineVersionArn, weight: 10 }] }));
        sequences.push(await route(c, 40, `${created.stateMachineArn}:live`));
      }
      expect(sequences[0]).toEqual(sequences[1]);
    } finally {
      await again.close();
      await other.close();
    }
  });

  test('DeleteStateMachine deletes its versions and aliases', async () => {
    const { arn, v1 } = await twoVersions('deleted');
    await sfn.send(new CreateStateMachineAliasCommand({ name: 'gone', routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }] }));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    expect((await apiError(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: v1 })))).name).toBe('StateMachineDoesNotExist');
    expect((await apiError(sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:gone` })))).name).toBe('ResourceNotFound');
  });
});

describe('tags', () => {
  test('CreateStateMachine tags, TagResource, UntagResource, ListTagsForResource; a version is not taggable', async () => {
    const c = await sfn.send(new CreateStateMachineCommand({ name: 'tagged', definition: pass('t'), roleArn: ROLE, tags: [{ key: 'team', value: 'crm' }], publish: true }));
    await sfn.send(new TagResourceCommand({ resourceArn: c.stateMachineArn, tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: 'billing' }] }));
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: c.stateMachineArn }))).tags).toEqual([
      { key: 'team', value: 'billing' },
      { key: 'env', value: 'dev' },
    ]);
    await sfn.send(new UntagResourceCommand({ resourceArn: c.stateMachineArn, tagKeys: ['team', 'absent'] }));
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: c.stateMachineArn }))).tags).toEqual([{ key: 'env', value: 'dev' }]);
    expect(await apiError(sfn.send(new TagResourceCommand({ resourceArn: c.stateMachineVersionArn, tags: [{ key: 'k', value: 'v' }] })))).toMatchObject({
      name: 'ResourceNotFound',
      message: `Resource not found: '${c.stateMachineVersionArn}'`,
    });
  });
});
