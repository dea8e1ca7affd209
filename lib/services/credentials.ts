/**
 * The dummy credentials of every local service (the clients of the engine and of the local
 * services, and the handlers' AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); s3rver is taught them
 * too (lib/local/s3rver.ts).
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The variables that point a handler's AWS SDK clients at the local services: region and the dummy credentials. */
export function localSdkEnvironment(region: string): Record<string, string> {
  return { AWS_REGION: region, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey };
}
