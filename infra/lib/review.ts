/**
 * The weekly review's schedule: the weekly function, run every 15 minutes by an EventBridge rule, posts each
 * tenant's Monday digest to both coordinator teams' channels once it falls due. The review's routes themselves
 * are served by the reports function (BatonApi).
 */
import type { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { BatonFunction } from './baton-function.js';
import type { BatonDeadlines } from './deadlines.js';
import { DEFAULTS } from './defaults.js';
import { TABLE_ACCESS } from './table-access.js';
import type { BackendWiring } from './wiring.js';

export interface BatonReviewProps {
  readonly wiring: BackendWiring;
  /** The application's environment (it builds the same dependencies; it schedules nothing and is granted no scheduling). */
  readonly deadlines: BatonDeadlines;
  readonly functionName: string;
  /** @default DEFAULTS.weekly.memorySize */
  readonly memorySize?: number;
  /** @default DEFAULTS.weekly.timeout */
  readonly timeout?: Duration;
}

export class BatonReview extends Construct {
  readonly weekly: BatonFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: BatonReviewProps) {
    super(scope, id);
    const { wiring } = props;
    this.weekly = new BatonFunction(this, 'Weekly', {
      ...wiring.functionOptions,
      handler: 'weekly.ts',
      functionName: props.functionName,
      description: 'Baton: every 15 minutes, posts each tenant’s weekly digest that fell due (Monday at its set time), once per week',
      environment: props.deadlines.environment,
      memorySize: props.memorySize ?? DEFAULTS.weekly.memorySize,
      timeout: props.timeout ?? DEFAULTS.weekly.timeout,
      reservedConcurrentExecutions: DEFAULTS.weekly.reservedConcurrency,
      retryAttempts: DEFAULTS.weekly.retryAttempts,
      maxEventAge: DEFAULTS.weekly.maxEventAge,
      externalModules: ['exceljs'],
    });
    wiring.data.grant(this.weekly.role, TABLE_ACCESS.weekly);
    // The Slack token, for the digest's Slack copies (Teams webhooks are in the matrix).
    wiring.secrets.grantRead(this.weekly.role);
    this.rule = new Rule(this, 'EveryQuarterHour', {
      description: 'Baton: posts the weekly digests that fell due',
      schedule: Schedule.rate(DEFAULTS.weekly.every),
      targets: [new LambdaFunction(this.weekly.function, { retryAttempts: 0 })],
    });
  }
}
