/** DeadlineScheduler on EventBridge Scheduler: one self-deleting one-time schedule per deadline. */
import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { deadlineKey, type DeadlineRef } from '../../shared/escalation/deadlines.js';
import type { DeadlineFiring, DeadlineScheduler, ScheduledDeadline } from '../../shared/ports.js';
import { unreachable } from '../../shared/unreachable.js';

export interface EventBridgeDeadlineSchedulerOptions {
  client: SchedulerClient;
  /** Our own schedule group, so names only need to be unique among Baton's deadlines. */
  groupName: string;
  /** What a firing invokes (the deadline handler); it receives a `DeadlineFiring` as its event. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the target. */
  roleArn: string;
  /** SQS queue for firings that exhausted their retries. */
  deadLetterArn: string;
  /** @default 185 (the service maximum) */
  maximumRetryAttempts?: number;
  /** @default 86400 (one day, the service maximum) */
  maximumEventAgeSeconds?: number;
}

/** Names allow 1–64 of [0-9a-zA-Z-_.]; 20 + 1 + 16 + 1 + 24 = 62 leaves room to spare. */
const UNSAFE = /[^0-9A-Za-z_.-]+/g;
const TICKET_MAX = 20;
const KEY_MAX = 24;
const ESCALATION_HASH_LENGTH = 16;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The readable part of an arbitrary string: accents dropped, unsafe runs become '-', no separators at the ends. */
function readable(text: string, max: number): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(UNSAFE, '-').replace(/^[-.]+/, '').slice(0, max).replace(/[-.]+$/, '');
}

/**
 * The schedule name of one deadline: `<ticket>.<escalation hash>.<deadline key>`, at most 62 chars.
 * The hash (64 bits of sha256 over tenant and ticket id) keeps tenants and tickets apart; the ticket id
 * is only there for people and is cut or dropped when it is long or not ASCII. A deadline key that is
 * too long or unsafe (a foreign handoff id) is shortened and suffixed with its own hash.
 * @example scheduleName({ tenant: 'acme', ticketId: '4521', kind: 'sla-breach', generation: 3 }) // '4521.<16 hex>.sla-breach-g3'
 */
export function scheduleName(d: { tenant: string; ticketId: string } & DeadlineRef): string {
  const escalation = sha256(JSON.stringify([d.tenant, d.ticketId])).slice(0, ESCALATION_HASH_LENGTH);
  const key = deadlineKey(d);
  const keyPart = key.length <= KEY_MAX && readable(key, KEY_MAX) === key ? key : `${readable(key, KEY_MAX - 9)}-${sha256(key).slice(0, 8)}`;
  return [readable(d.ticketId, TICKET_MAX), escalation, keyPart].filter((part) => part !== '').join('.');
}

/** `at()` in UTC, rounded up to the whole second: the service has no milliseconds, and early is wrong. */
function atExpression(dueAt: string): string {
  const ms = Date.parse(dueAt);
  if (Number.isNaN(ms)) throw new RangeError('dueAt is not a valid instant');
  return `at(${new Date(Math.ceil(ms / 1000) * 1000).toISOString().slice(0, 19)})`;
}

/** Only the reference fields: a firing carries nothing the handler must not trust. */
function refOf(d: DeadlineRef): DeadlineRef {
  switch (d.kind) {
    case 'sla-warning':
      return { kind: d.kind, generation: d.generation, fraction: d.fraction };
    case 'sla-breach':
      return { kind: d.kind, generation: d.generation };
    case 'ack-due':
      return { kind: d.kind, generation: d.generation, handoffId: d.handoffId };
    default:
      return unreachable(d);
  }
}

export class EventBridgeDeadlineScheduler implements DeadlineScheduler {
  private readonly maximumRetryAttempts: number;
  private readonly maximumEventAgeSeconds: number;

  constructor(private readonly options: EventBridgeDeadlineSchedulerOptions) {
    this.maximumRetryAttempts = options.maximumRetryAttempts ?? 185;
    this.maximumEventAgeSeconds = options.maximumEventAgeSeconds ?? 86_400;
  }

  async schedule(d: ScheduledDeadline): Promise<void> {
    const name = scheduleName(d);
    const firing: DeadlineFiring = { tenant: d.tenant, ticketId: d.ticketId, deadline: refOf(d), dueAt: d.dueAt };
    try {
      await this.options.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.options.groupName,
          ScheduleExpression: atExpression(d.dueAt),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          State: 'ENABLED',
          // Tokens allow [a-zA-Z0-9-_] only (no '.'), so the name's hex digest: 64 chars, retries share it.
          ClientToken: sha256(name),
          Description: `Baton ${d.kind} deadline`,
          Target: {
            Arn: this.options.targetArn,
            RoleArn: this.options.roleArn,
            Input: JSON.stringify(firing),
            RetryPolicy: { MaximumRetryAttempts: this.maximumRetryAttempts, MaximumEventAgeInSeconds: this.maximumEventAgeSeconds },
            DeadLetterConfig: { Arn: this.options.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      // The name is the deadline: a schedule under it is this deadline, created by an earlier attempt.
      if (error instanceof ConflictException) return;
      throw error;
    }
  }

  async isScheduled(d: ScheduledDeadline): Promise<boolean> {
    try {
      await this.options.client.send(new GetScheduleCommand({ Name: scheduleName(d), GroupName: this.options.groupName }));
      return true;
    } catch (error) {
      // Never created, or fired already (a fired one-time schedule deletes itself).
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  }

  async cancel(d: ScheduledDeadline): Promise<void> {
    try {
      await this.options.client.send(new DeleteScheduleCommand({ Name: scheduleName(d), GroupName: this.options.groupName }));
    } catch (error) {
      // Already fired (and deleted itself) or never created: either way it will not fire.
      if (error instanceof ResourceNotFoundException) return;
      throw error;
    }
  }
}
