/** What every Baton function shares: the table, the secrets, the common environment and the function options. */
import type { Runtime } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { BatonData } from './data.js';
import type { BatonSecrets } from './secrets.js';

export interface FunctionOptions {
  /** @default DEFAULTS.runtime */
  readonly runtime?: Runtime;
  /** @default DEFAULTS.bundleAwsSdk */
  readonly bundleAwsSdk?: boolean;
  /** @default DEFAULTS.logRetention */
  readonly logRetention?: RetentionDays;
  /** @default DEFAULTS.tracing */
  readonly tracing?: boolean;
}

export interface BackendWiring {
  readonly data: BatonData;
  readonly secrets: BatonSecrets;
  /** Given to every function (table name, secrets, Powertools settings). */
  readonly environment: Record<string, string>;
  readonly functionOptions: FunctionOptions;
}
