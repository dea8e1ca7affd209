/** Helpers of the endpoint's tests: a server on a free port with a client, and the API error a request gets. */
import { SFNServiceException, type SFNClient } from '@aws-sdk/client-sfn';
import { localSfnClient } from '../../local/activity-workers';
import { startSfnServer, type SfnServer, type SfnServerOptions } from '../server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** An endpoint on a free port and a client of it; `close` stops both. */
export async function localEndpoint(options: SfnServerOptions = {}): Promise<{ server: SfnServer; sfn: SFNClient; close(): Promise<void> }> {
  const server = await startSfnServer({ port: 0, ...options });
  const sfn = localSfnClient(server.url);
  return {
    server,
    sfn,
    close: async () => {
      sfn.destroy();
      await server.close();
    },
  };
}

/** The error code (name), message and HTTP status of the API error a request ends with. */
export async function apiError(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof SFNServiceException)) throw e;
    return { name: e.name, message: e.message, status: e.$metadata.httpStatusCode };
  }
  throw new Error('expected an API error');
}

/** An answer's members, sorted (the SDK's $metadata and absent members left out): what the recorded-answer tests compare. */
export const members = (r: object): string[] =>
  Object.keys(r)
    .filter((k) => k !== '$metadata' && (r as Record<string, unknown>)[k] !== undefined)
    .sort();

/** LocalStack's BASE_PASS_RESULT template (its recorded answers' state machine), with `Arg1` given. */
export const passResult = (arg = 'argument1') => ({ Comment: 'BASE_PASS_RESULT', StartAt: 'State_1', States: { State_1: { Type: 'Pass', Result: { Arg1: arg }, End: true } } });
