/** How long a store call may take before it fails: every client of the table is built with one of these. */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Both keep within the outbox sweeper's 30 s grace, which assumes a commit lands within seconds of its time
 * or its request fails.
 * @example new DynamoDBClient({ ...STORE_CALL_BOUNDS.aws })
 */
export const STORE_CALL_BOUNDS = {
  /** DynamoDB over the network: 3 attempts of at most 1 s to connect and 3 s to answer. */
  aws: { maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } },
  /**
   * The embedded store on 127.0.0.1 shares this machine's two cores (and, in tests, this event loop): a busy
   * loop, not a network, is what delays its answers, and a put cut off after it landed would come back as a
   * conflict on its retry. So only a store that hangs is cut off: 2 attempts of at most 10 s.
   */
  embedded: { maxAttempts: 2, requestHandler: { requestTimeout: 10_000 } },
} satisfies Record<string, Pick<DynamoDBClientConfig, 'maxAttempts' | 'requestHandler'>>;
