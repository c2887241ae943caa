/** The EventBridge Scheduler adapter against a mocked SDK client: request shape, idempotency, names. */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeDeadlineScheduler, scheduleName } from '../../lambdas/adapters/eventbridge-scheduler.js';
import type { ScheduledDeadline } from '../../shared/ports.js';

const scheduler = mockClient(SchedulerClient);

const options = {
  groupName: 'baton-deadlines',
  targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:baton-deadline',
  roleArn: 'arn:aws:iam::123456789012:role/baton-scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:baton-deadline-dlq',
};

const warning: ScheduledDeadline = { tenant: 'acme', ticketId: '4521', kind: 'sla-warning', generation: 2, fraction: 0.75, dueAt: '2026-03-02T14:30:05.250Z' };

const adapter = () => new EventBridgeDeadlineScheduler({ client: new SchedulerClient({ region: 'eu-west-1' }), ...options });

const VALID_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

beforeEach(() => {
  scheduler.reset();
});

describe('scheduling a deadline', () => {
  it('creates a one-time schedule with every field', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/baton-deadlines/x' });

    await adapter().schedule(warning);

    const calls = scheduler.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({
      Name: '4521.d9a20dc51125456b.sla-warning-g2-750',
      GroupName: 'baton-deadlines',
      ScheduleExpression: 'at(2026-03-02T14:30:06)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      ClientToken: 'cfa74bc661199bf333ce9c3194e7308555e864d31047e4cd77eb2d0d3a64ed33',
      Description: 'Baton sla-warning deadline',
      Target: {
        Arn: options.targetArn,
        RoleArn: options.roleArn,
        Input: expect.any(String) as string,
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: options.deadLetterArn },
      },
    });
    expect(JSON.parse(input.Target?.Input ?? '')).toEqual({
      tenant: 'acme',
      ticketId: '4521',
      deadline: { kind: 'sla-warning', generation: 2, fraction: 0.75 },
      dueAt: '2026-03-02T14:30:05.250Z',
    });
  });

  it('keeps a due time that is already a whole second', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});

    await adapter().schedule({ ...warning, dueAt: '2026-03-02T14:30:05.000Z' });

    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.ScheduleExpression).toBe('at(2026-03-02T14:30:05)');
  });

  it('rounds up across a day boundary in UTC', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});

    await adapter().schedule({ ...warning, dueAt: '2026-12-31T23:59:59.001Z' });

    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.ScheduleExpression).toBe('at(2027-01-01T00:00:00)');
  });

  it('uses the configured retry policy', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    const custom = new EventBridgeDeadlineScheduler({ client: new SchedulerClient({ region: 'eu-west-1' }), ...options, maximumRetryAttempts: 3, maximumEventAgeSeconds: 600 });

    await custom.schedule(warning);

    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 });
  });

  it('sends only the deadline reference in the firing, with the handoff id of an ack', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    const ack = { tenant: 'acme', ticketId: '4521', kind: 'ack-due', generation: 1, handoffId: 'h1', dueAt: '2026-03-02T09:15:00.000Z', extra: 'not for the target' } as ScheduledDeadline;

    await adapter().schedule(ack);

    const input = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(JSON.parse(input.Target?.Input ?? '')).toEqual({ tenant: 'acme', ticketId: '4521', deadline: { kind: 'ack-due', generation: 1, handoffId: 'h1' }, dueAt: '2026-03-02T09:15:00.000Z' });
  });

  it('treats a ConflictException as already scheduled', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'Schedule already exists', Message: 'Schedule already exists', $metadata: {} }));

    await expect(adapter().schedule(warning)).resolves.toBeUndefined();
  });

  it.each([
    ['ThrottlingException', () => new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: {} })],
    ['ValidationException', () => new ValidationException({ message: 'Invalid Schedule Expression', Message: 'Invalid Schedule Expression', $metadata: {} })],
    ['ResourceNotFoundException (a missing group)', () => new ResourceNotFoundException({ message: 'Schedule group not found', Message: 'Schedule group not found', $metadata: {} })],
  ])('lets a %s propagate unchanged', async (_name, makeError) => {
    const error = makeError();
    scheduler.on(CreateScheduleCommand).rejects(error);

    await expect(adapter().schedule(warning)).rejects.toBe(error);
  });

  it('refuses a due time that is not an instant without calling the service', async () => {
    await expect(adapter().schedule({ ...warning, dueAt: 'tomorrow' })).rejects.toThrow(RangeError);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });
});

describe('cancelling a deadline', () => {
  it('deletes the schedule by name in the group', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});

    await adapter().cancel(warning);

    const calls = scheduler.commandCalls(DeleteScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ Name: scheduleName(warning), GroupName: 'baton-deadlines' });
  });

  it('accepts a schedule that is already gone', async () => {
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'Schedule not found', Message: 'Schedule not found', $metadata: {} }));

    await expect(adapter().cancel(warning)).resolves.toBeUndefined();
  });

  it.each([
    ['ThrottlingException', () => new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: {} })],
    ['ConflictException', () => new ConflictException({ message: 'Concurrent modification', Message: 'Concurrent modification', $metadata: {} })],
  ])('lets a %s propagate unchanged', async (_name, makeError) => {
    const error = makeError();
    scheduler.on(DeleteScheduleCommand).rejects(error);

    await expect(adapter().cancel(warning)).rejects.toBe(error);
  });
});

describe('looking a deadline up', () => {
  it('finds a standing schedule by name in the group', async () => {
    scheduler.on(GetScheduleCommand).resolves({ Name: scheduleName(warning), GroupName: 'baton-deadlines', State: 'ENABLED' });

    await expect(adapter().isScheduled(warning)).resolves.toBe(true);
    expect(scheduler.commandCalls(GetScheduleCommand).map((c) => c.args[0].input)).toEqual([{ Name: scheduleName(warning), GroupName: 'baton-deadlines' }]);
  });

  it('answers false for a schedule never made or fired already (a fired one deletes itself)', async () => {
    scheduler.on(GetScheduleCommand).rejects(new ResourceNotFoundException({ message: 'Schedule not found', Message: 'Schedule not found', $metadata: {} }));

    await expect(adapter().isScheduled(warning)).resolves.toBe(false);
  });

  it('lets any other failure propagate, so the sweeper retries rather than guesses', async () => {
    const error = new ThrottlingException({ message: 'Rate exceeded', Message: 'Rate exceeded', $metadata: {} });
    scheduler.on(GetScheduleCommand).rejects(error);

    await expect(adapter().isScheduled(warning)).rejects.toBe(error);
  });
});

describe('schedule names', () => {
  const breach = { tenant: 'acme', ticketId: '4521', kind: 'sla-breach', generation: 3 } as const;

  it('are deterministic and readable', () => {
    expect(scheduleName(breach)).toBe(scheduleName({ ...breach }));
    expect(scheduleName(breach)).toMatch(/^4521\.[0-9a-f]{16}\.sla-breach-g3$/);
  });

  it('differ across tenants for the same ticket id', () => {
    expect(scheduleName(breach)).not.toBe(scheduleName({ ...breach, tenant: 'globex' }));
  });

  it('differ when tenant and ticket id split the same text differently', () => {
    expect(scheduleName({ ...breach, tenant: 'ab', ticketId: 'c' })).not.toBe(scheduleName({ ...breach, tenant: 'a', ticketId: 'bc' }));
  });

  it('differ across generations and kinds', () => {
    const names = new Set([
      scheduleName(breach),
      scheduleName({ ...breach, generation: 4 }),
      scheduleName({ ...breach, kind: 'sla-warning', fraction: 0.5 }),
      scheduleName({ ...breach, kind: 'sla-warning', fraction: 0.75 }),
      scheduleName({ ...breach, kind: 'ack-due', generation: 1, handoffId: 'h1' }),
    ]);
    expect(names.size).toBe(5);
  });

  it('survive odd ticket ids', () => {
    expect(scheduleName({ ...breach, ticketId: 'INC/42 ünïcödé' })).toMatch(/^INC-42-unicode\.[0-9a-f]{16}\.sla-breach-g3$/);
    expect(scheduleName({ ...breach, ticketId: '票据' })).toMatch(/^[0-9a-f]{16}\.sla-breach-g3$/);
    expect(scheduleName({ ...breach, ticketId: 'x'.repeat(500) })).toMatch(/^x{20}\.[0-9a-f]{16}\.sla-breach-g3$/);
    expect(scheduleName({ ...breach, ticketId: 'a/b' })).not.toBe(scheduleName({ ...breach, ticketId: 'a-b' }));
  });

  it('keep deadlines with long or unsafe handoff ids apart', () => {
    const ack = { ...breach, kind: 'ack-due', generation: 1 } as const;
    const long = scheduleName({ ...ack, handoffId: `${'h'.repeat(80)}1` });
    const other = scheduleName({ ...ack, handoffId: `${'h'.repeat(80)}2` });
    const slashed = scheduleName({ ...ack, handoffId: 'h/1' });

    expect([long, other, slashed].every((name) => VALID_NAME.test(name))).toBe(true);
    expect(long).not.toBe(other);
    expect(slashed).not.toBe(scheduleName({ ...ack, handoffId: 'h-1' }));
  });

  it('always fit the service limits, and stay apart for different deadlines', () => {
    const of = { tenant: fc.string({ unit: 'binary', maxLength: 80 }), ticketId: fc.string({ unit: 'binary', maxLength: 200 }), generation: fc.nat({ max: 1_000_000 }) };
    const ref = fc.oneof(
      fc.record({ ...of, kind: fc.constant('sla-warning' as const), fraction: fc.constantFrom(0.5, 0.75, 0.9) }),
      fc.record({ ...of, kind: fc.constant('sla-breach' as const) }),
      fc.record({ ...of, kind: fc.constant('ack-due' as const), handoffId: fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }) }),
    );
    fc.assert(
      fc.property(ref, ref, (a, b) => {
        const name = scheduleName(a);
        expect(name).toMatch(VALID_NAME);
        if (JSON.stringify([a.tenant, a.ticketId]) !== JSON.stringify([b.tenant, b.ticketId])) expect(scheduleName(b)).not.toBe(name);
      }),
    );
  });
});
