/** The Regions an environment may name are exactly those of the installed AWS SDK's endpoint partitions. */
import { readFileSync } from 'node:fs';
import { loadEnvironments } from '../environments';
import { AWS_REGIONS, partitionOf } from '../regions';

/** The SDK's partitions data (the file @aws-sdk/core resolves endpoints with). */
function sdkRegions(): Array<[string, string]> {
  const file = require.resolve('@aws-sdk/core/package.json').replace(/package\.json$/, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const src = readFileSync(file, 'utf8');
  const data = JSON.parse(src.slice(src.indexOf('{'), src.lastIndexOf('}') + 1)) as { partitions: Array<{ id: string; regions: Record<string, unknown> }> };
  return data.partitions.flatMap((p) => Object.keys(p.regions).filter((r) => !r.startsWith('aws')).map((r): [string, string] => [r, p.id]));
}

test('the list is the AWS SDK\'s, region by region, with its partition', () => {
  expect(AWS_REGIONS.map(([r, p]) => [r, p]).sort()).toEqual(sdkRegions().sort());
  expect(partitionOf('eu-west-1')).toBe('aws');
  expect(partitionOf('cn-north-1')).toBe('aws-cn');
  expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
});

const env = (region: string) => ({ dev: { region, namePrefix: 'sfn-dev', logRetentionDays: 14, backend: { bucket: 'state-dev', lockTable: 'locks-dev', keyPrefix: 'p' } } });
const issues = (region: string) => {
  try {
    loadEnvironments(env(region));
    return [];
  } catch (e) {
    return (e as { issues: string[] }).issues;
  }
};

test.each(['eu-west-1', 'us-gov-west-1', 'ap-southeast-7', 'mx-central-1'])('%s is a Region', (region) => expect(issues(region)).toEqual([]));

test('a name of the right shape that is no Region is refused, with the nearest one', () => {
  expect(issues('eu-west-9')[0]).toMatch(/^environment "dev", field "region": must be an AWS region such as "eu-west-1" \(did you mean "eu-west-\d"\?\)/);
  expect(issues('us-esat-1')[0]).toContain('(did you mean "us-east-1"?)');
  expect(issues('europe')[0]).toMatch(/^environment "dev", field "region": must be an AWS region such as "eu-west-1"; "europe" is not one of the Regions/);
});
