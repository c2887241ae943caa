/** The AWS entry points wired as on Lambda: DynamoDB (dynalite through the real SDK) and EventBridge Scheduler (mocked). */
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { DynamoDbTenantDirectory } from '../../lambdas/adapters/dynamodb/tenant-directory.js';
import { hashApiKey } from '../../lambdas/http/auth.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';

const KEY = 'lambda-test-key-0123456789';
const context = { functionName: 'baton-http', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const scheduler = mockClient(SchedulerClient);
let db: EmbeddedDynamoDb;

function apiEvent(method: string, path: string, body?: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } } as APIGatewayProxyEventV2['requestContext'],
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  Object.assign(process.env, {
    TABLE_NAME: db.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_REGION: 'eu-west-1',
    // The embedded store answers only this start's access-key id (the real SigV4 signer names it).
    AWS_ACCESS_KEY_ID: db.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: db.credentials.secretAccessKey,
    SCHEDULE_GROUP_NAME: 'baton-deadlines',
    DEADLINE_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:111122223333:function:baton-deadline',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/baton-scheduler',
    DEADLINE_DLQ_ARN: 'arn:aws:sqs:eu-west-1:111122223333:baton-deadlines-dlq',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  });
  await new DynamoDbTenantDirectory(db.client, db.tableName).register(hashApiKey(KEY), { tenant: 'acme', scope: 'tenant', label: 'Lambda test key', at: '2026-11-30T09:00:00.000Z' });
  const document = parse(await readFile('examples/matrix.example.yaml', 'utf8')) as unknown;
  await new DynamoDbMatrixStore(db.client, db.tableName).activate('acme', { document, createdAt: '2026-11-30T09:00:00.000Z', createdBy: 'test' });
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:eu-west-1:111122223333:schedule/baton-deadlines/x' });
});

afterAll(async () => {
  scheduler.restore();
  await db.close();
});

describe('the Lambda handlers', () => {
  it('open an escalation through API Gateway and schedule its deadlines on EventBridge', async () => {
    const { handler } = await import('../../lambdas/handlers/http.js');

    const answer = await handler(apiEvent('POST', '/v1/escalations', { ticketId: '7001', incidentType: 'network', impactTier: 1, actor: { id: 'agent-nick' } }), context);

    expect(answer.statusCode).toBe(201);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ ticketId: '7001', owner: { team: 'msp-noc', party: 'msp' }, sla: { policy: 'p1' } });
    const created = scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input);
    expect(created.map((input) => JSON.parse(input.Target?.Input ?? '{}').deadline.kind)).toEqual(['sla-warning', 'sla-warning', 'sla-breach']);
    expect(created[0]).toMatchObject({
      GroupName: 'baton-deadlines',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: process.env.DEADLINE_FUNCTION_ARN, RoleArn: process.env.SCHEDULER_ROLE_ARN, DeadLetterConfig: { Arn: process.env.DEADLINE_DLQ_ARN } },
    });
  });

  it('act on a deadline the scheduler delivers, and ignore it when it comes again', async () => {
    const { handler: http } = await import('../../lambdas/handlers/http.js');
    const { handler: deadline } = await import('../../lambdas/handlers/deadline.js');
    await http(apiEvent('POST', '/v1/escalations', { ticketId: '7002', incidentType: 'network', impactTier: 1, actor: { id: 'agent-nick' } }), context);
    const firing = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((call) => JSON.parse(call.args[0].input.Target?.Input ?? '{}'))
      .find((input) => input.ticketId === '7002' && input.deadline.kind === 'sla-warning');

    // The firing is checked against the time it arrives: deliver it as if it arrived when due.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.parse(firing.dueAt) + 1_000));
    try {
      const first = await deadline(firing, context);
      const again = await deadline(firing, context);
      expect(first).toEqual({ recorded: 1 });
      expect(again).toEqual({ recorded: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('answer the health check without a key', async () => {
    const { handler } = await import('../../lambdas/handlers/http.js');

    const answer = await handler({ ...apiEvent('GET', '/v1/health'), headers: {} }, context);

    expect(answer).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
  });
});
