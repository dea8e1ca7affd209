/**
 * The AWS Regions an environment may deploy to, with their partition, as the AWS SDK for
 * JavaScript v3 knows them (its endpoint partitions data, @aws-sdk/core 3.981.0;
 * lib/environments/test/regions.test.ts fails when the installed SDK knows another list, so that an
 * upgrade brings new Regions here).
 */
export const AWS_REGIONS: ReadonlyArray<readonly [region: string, partition: string, description: string]> = [
  ['af-south-1', 'aws', 'Africa (Cape Town)'],
  ['ap-east-1', 'aws', 'Asia Pacific (Hong Kong)'],
  ['ap-east-2', 'aws', 'Asia Pacific (Taipei)'],
  ['ap-northeast-1', 'aws', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'aws', 'Asia Pacific (Seoul)'],
  ['ap-northeast-3', 'aws', 'Asia Pacific (Osaka)'],
  ['ap-south-1', 'aws', 'Asia Pacific (Mumbai)'],
  ['ap-south-2', 'aws', 'Asia Pacific (Hyderabad)'],
  ['ap-southeast-1', 'aws', 'Asia Pacific (Singapore)'],
  ['ap-southeast-2', 'aws', 'Asia Pacific (Sydney)'],
  ['ap-southeast-3', 'aws', 'Asia Pacific (Jakarta)'],
  ['ap-southeast-4', 'aws', 'Asia Pacific (Melbourne)'],
  ['ap-southeast-5', 'aws', 'Asia Pacific (Malaysia)'],
  ['ap-southeast-6', 'aws', 'Asia Pacific (New Zealand)'],
  ['ap-southeast-7', 'aws', 'Asia Pacific (Thailand)'],
  ['ca-central-1', 'aws', 'Canada (Central)'],
  ['ca-west-1', 'aws', 'Canada West (Calgary)'],
  ['eu-central-1', 'aws', 'Europe (Frankfurt)'],
  ['eu-central-2', 'aws', 'Europe (Zurich)'],
  ['eu-north-1', 'aws', 'Europe (Stockholm)'],
  ['eu-south-1', 'aws', 'Europe (Milan)'],
  ['eu-south-2', 'aws', 'Europe (Spain)'],
  ['eu-west-1', 'aws', 'Europe (Ireland)'],
  ['eu-west-2', 'aws', 'Europe (London)'],
  ['eu-west-3', 'aws', 'Europe (Paris)'],
  ['il-central-1', 'aws', 'Israel (Tel Aviv)'],
  ['me-central-1', 'aws', 'Middle East (UAE)'],
  ['me-south-1', 'aws', 'Middle East (Bahrain)'],
  ['me-west-1', 'aws', 'Middle East (Saudi Arabia)'],
  ['mx-central-1', 'aws', 'Mexico (Central)'],
  ['sa-east-1', 'aws', 'South America (Sao Paulo)'],
  ['sa-west-1', 'aws', 'South America (Chile)'],
  ['us-east-1', 'aws', 'US East (N. Virginia)'],
  ['us-east-2', 'aws', 'US East (Ohio)'],
  ['us-west-1', 'aws', 'US West (N. California)'],
  ['us-west-2', 'aws', 'US West (Oregon)'],
  ['cn-north-1', 'aws-cn', 'China (Beijing)'],
  ['cn-northwest-1', 'aws-cn', 'China (Ningxia)'],
  ['eusc-de-east-1', 'aws-eusc', 'AWS European Sovereign Cloud (Germany)'],
  ['us-iso-east-1', 'aws-iso', 'US ISO East'],
  ['us-iso-west-1', 'aws-iso', 'US ISO WEST'],
  ['us-isob-east-1', 'aws-iso-b', 'US ISOB East (Ohio)'],
  ['us-isob-west-1', 'aws-iso-b', 'US ISOB West'],
  ['eu-isoe-west-1', 'aws-iso-e', 'EU ISOE West'],
  ['us-isof-east-1', 'aws-iso-f', 'US ISOF EAST'],
  ['us-isof-south-1', 'aws-iso-f', 'US ISOF SOUTH'],
  ['us-gov-east-1', 'aws-us-gov', 'AWS GovCloud (US-East)'],
  ['us-gov-west-1', 'aws-us-gov', 'AWS GovCloud (US-West)'],
];

const BY_NAME = new Map(AWS_REGIONS.map(([region, partition]) => [region, partition]));

export const isAwsRegion = (region: string): boolean => BY_NAME.has(region);

/** The partition of a Region (`aws`, `aws-cn`, `aws-us-gov`, ...), or undefined for a name that is not a Region. */
export const partitionOf = (region: string): string | undefined => BY_NAME.get(region);
