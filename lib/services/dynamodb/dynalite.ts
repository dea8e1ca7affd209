/**
 * A DynamoDB-compatible server in-process: `dynalite` (npm), in memory, on 127.0.0.1 with a port
 * chosen by the OS. It implements the DynamoDB JSON API, condition and update expressions and
 * their errors (ConditionalCheckFailedException, ResourceNotFoundException, ValidationException).
 * Used by the local services (providers/dynamodb.ts) and the remote-state tests (backend/test).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Stops the server (idempotent). */
  close(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamoDb> {
  // Loaded when first needed: a run without tables never loads it. (No type declarations of its own: dynalite-module.d.ts.)
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
