/** How long a store call may take: the same on AWS and in local mode, since both sweep outboxes. */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * A commit lands within seconds of its time or the request fails, which the outbox sweeper's 30 s grace
 * relies on: 3 attempts of at most 1 s to connect and 3 s to answer.
 * @example new DynamoDBClient({ ...STORE_CALL_BOUNDS })
 */
export const STORE_CALL_BOUNDS: Pick<DynamoDBClientConfig, 'maxAttempts' | 'requestHandler'> = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
};
