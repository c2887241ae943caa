/**
 * Deadlines: one self-deleting EventBridge Scheduler schedule per deadline, in a group of our own, fired
 * at the deadline function through a role that can invoke nothing else; firings that exhaust their retries
 * (Scheduler's, or Lambda's when the handler fails) wait in an encrypted dead-letter queue. The outbox
 * sweeper runs every minute beside them.
 */
import { ArnFormat, RemovalPolicy, Stack, Validations, type Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BatonFunction } from './baton-function.js';
import { DEFAULTS } from './defaults.js';
import { TABLE_ACCESS } from './table-access.js';
import type { BackendWiring } from './wiring.js';

export interface BatonDeadlinesProps {
  readonly wiring: BackendWiring;
  readonly scheduleGroupName: string;
  readonly deadlineFunctionName: string;
  readonly sweeperFunctionName: string;
  /** @default DEFAULTS.deadline.memorySize */
  readonly deadlineMemorySize?: number;
  /** @default DEFAULTS.deadline.timeout */
  readonly deadlineTimeout?: Duration;
  /** @default DEFAULTS.sweeper.memorySize */
  readonly sweeperMemorySize?: number;
  /** @default DEFAULTS.sweeper.timeout (a sweep reads for up to 30 s, then finishes its page) */
  readonly sweeperTimeout?: Duration;
  /** @default DEFAULTS.deadLetterRetention */
  readonly deadLetterRetention?: Duration;
}

export class BatonDeadlines extends Construct {
  readonly scheduleGroup: ScheduleGroup;
  readonly schedulerRole: Role;
  readonly deadLetterQueue: Queue;
  readonly deadline: BatonFunction;
  readonly sweeper: BatonFunction;
  /** The shared environment plus what creating a schedule needs; every function that runs commands gets it. */
  readonly environment: Record<string, string>;
  private readonly scheduleArns: string;
  private readonly scheduleGroupName: string;

  constructor(scope: Construct, id: string, props: BatonDeadlinesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { wiring } = props;
    // The schedules in it fire this stack's function: they cannot outlive it usefully, and a retained group would block a redeploy under its name.
    this.scheduleGroup = new ScheduleGroup(this, 'Group', { scheduleGroupName: props.scheduleGroupName, removalPolicy: RemovalPolicy.DESTROY });
    this.scheduleGroupName = props.scheduleGroupName;
    this.scheduleArns = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${props.scheduleGroupName}/*` });
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? DEFAULTS.deadLetterRetention,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue: of the deadline schedules (set on each at run time) and of the deadline function; cdk-nag only recognises one named in a redrive policy.',
    });

    // Named, so its ARN is known before it exists: the function's own environment holds it (a GetAtt on itself would be a cycle).
    const deadlineFunctionArn = stack.formatArn({ service: 'lambda', resource: 'function', resourceName: props.deadlineFunctionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: fires Baton deadlines at the deadline function, parks failures in its dead-letter queue',
      // Only schedules of this account may act through it (no confused deputy across accounts).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    this.schedulerRole.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [deadlineFunctionArn] }));
    // SendMessage alone: grantSendMessages would add GetQueueAttributes and GetQueueUrl, which Scheduler does not call.
    this.schedulerRole.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }));

    this.environment = {
      ...wiring.environment,
      SCHEDULE_GROUP_NAME: this.scheduleGroup.scheduleGroupName,
      DEADLINE_FUNCTION_ARN: deadlineFunctionArn,
      SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      DEADLINE_DLQ_ARN: this.deadLetterQueue.queueArn,
    };

    this.deadline = new BatonFunction(this, 'Deadline', {
      ...wiring.functionOptions,
      handler: 'deadline.ts',
      functionName: props.deadlineFunctionName,
      description: 'Baton: records a deadline EventBridge Scheduler delivers (at least once; stale firings are ignored)',
      environment: this.environment,
      memorySize: props.deadlineMemorySize ?? DEFAULTS.deadline.memorySize,
      timeout: props.deadlineTimeout ?? DEFAULTS.deadline.timeout,
      // Scheduler's retries and dead-letter queue cover only its call to Lambda, which is asynchronous:
      // a firing the handler fails on is retried by Lambda, then parked in the same queue.
      retryAttempts: DEFAULTS.deadline.retryAttempts,
      maxEventAge: DEFAULTS.deadline.maxEventAge,
      deadLetterQueue: this.deadLetterQueue,
    });
    wiring.data.grant(this.deadline.role, TABLE_ACCESS.deadline);

    this.sweeper = new BatonFunction(this, 'Sweeper', {
      ...wiring.functionOptions,
      handler: 'sweeper.ts',
      functionName: props.sweeperFunctionName,
      description: 'Baton: every minute, redoes the schedules and deliveries a crash or a failing channel left (one at a time)',
      environment: this.environment,
      memorySize: props.sweeperMemorySize ?? DEFAULTS.sweeper.memorySize,
      timeout: props.sweeperTimeout ?? DEFAULTS.sweeper.timeout,
      reservedConcurrentExecutions: DEFAULTS.sweeper.reservedConcurrency,
      retryAttempts: DEFAULTS.sweeper.retryAttempts,
      maxEventAge: DEFAULTS.sweeper.maxEventAge,
    });
    wiring.data.grant(this.sweeper.role, TABLE_ACCESS.sweeper);
    // A missed minute is retried by the next one: no event retries to pile up behind the single slot.
    new Rule(this, 'EveryMinute', {
      description: 'Baton: runs the outbox sweeper',
      schedule: Schedule.rate(DEFAULTS.sweeper.every),
      targets: [new LambdaFunction(this.sweeper.function, { retryAttempts: 0 })],
    });

    for (const fn of [this.deadline, this.sweeper]) {
      this.grantScheduling(fn.role);
      wiring.secrets.grantRead(fn.role);
    }
    // Only the sweeper looks a schedule up: it asks before scheduling a deadline of an entry it checks again.
    this.sweeper.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['scheduler:GetSchedule'], resources: [this.scheduleArns] }));
  }

  /** Create and delete schedules in Baton's group only, and hand them the scheduler role only. */
  grantScheduling(grantee: IGrantable & Construct): void {
    // The group's name is a literal in the environment: without this, a function could exist (and schedule) before its group.
    grantee.node.addDependency(this.scheduleGroup);
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [this.scheduleArns] }));
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    Validations.of(grantee).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.scheduleGroupName}/*]`,
      reason: "Schedule names are made at run time (one per deadline): the grant is limited to Baton's schedule group.",
    });
  }
}
