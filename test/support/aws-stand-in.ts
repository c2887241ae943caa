/**
 * A local endpoint for one Lambda bundle's AWS calls, through the SDK's own per-service endpoint variables
 * (AWS_ENDPOINT_URL_DYNAMODB, …_SCHEDULER, …_SECRETS_MANAGER): DynamoDB is passed on to dynalite, EventBridge
 * Scheduler and Secrets Manager (no local emulator) are answered here. Every call is recorded as the IAM
 * action and resource it needs, so a test can hold them against the role the template gives the function,
 * and, when asked, with the DynamoDB capacity it consumed (what on-demand pricing bills).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { capacityOf, type CapacityModel, type CapacityUnits } from './dynamodb-capacity.js';

export const REGION = 'eu-west-1';
export const ACCOUNT = '111122223333';

export interface AwsCall {
  /** The IAM action the call needs, e.g. `dynamodb:Query`. */
  action: string;
  /** The resource it acts on, as an ARN. */
  resource: string;
  /** The request body (JSON), for the calls a test reads back (CreateSchedule). */
  input: Record<string, unknown>;
  /** DynamoDB calls, when the stand-in measures capacity: the read and write units the call consumed, indexes included. */
  units?: CapacityUnits;
}

export interface StandInOptions {
  /** Measure each DynamoDB call's capacity against the table's indexes. */
  capacity?: CapacityModel;
}

export interface AwsStandIn {
  endpoint: string;
  calls: AwsCall[];
  /** Answers CreateSchedule with a ValidationException while this returns true for the schedule name. */
  failSchedules(when: (name: string) => boolean): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

/**
 * @param dynamodb dynalite's endpoint (DynamoDB requests go there unchanged)
 * @param secrets secret values by SecretId (name or ARN); any other id is ResourceNotFoundException
 */
export async function startAwsStandIn(dynamodb: string, secrets: Record<string, string>, options: StandInOptions = {}): Promise<AwsStandIn> {
  const calls: AwsCall[] = [];
  /** Schedules created here and not deleted since (this stand-in's own; no firing deletes them). */
  const standing = new Set<string>();
  let failing: (name: string) => boolean = () => false;
  const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      if (target.startsWith('DynamoDB_')) {
        const index = typeof input.IndexName === 'string' ? `/index/${input.IndexName}` : '';
        // A batch names its table in RequestItems (Baton's batches read one table).
        const table = typeof input.TableName === 'string' ? input.TableName : Object.keys((input.RequestItems ?? {}) as object)[0];
        const call: AwsCall = { action: `dynamodb:${target.split('.')[1]}`, resource: arn('dynamodb', `table/${String(table)}${index}`), input };
        calls.push(call);
        if (options.capacity) {
          const measured = await capacityOf(options.capacity, { endpoint: dynamodb, headers: req.headers, operation: target.split('.')[1]!, input });
          call.units = measured.units;
          return res.writeHead(measured.status, measured.headers).end(measured.body);
        }
        const upstream = request(`${dynamodb}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', (error) => json(res, 502, { message: error.message }));
        upstream.end(body);
        return;
      }
      if (target === 'secretsmanager.GetSecretValue') {
        const id = String(input.SecretId);
        calls.push({ action: 'secretsmanager:GetSecretValue', resource: id.startsWith('arn:') ? id : arn('secretsmanager', `secret:${id}-AbCdEf`), input });
        if (secrets[id] === undefined) return json(res, 400, { __type: 'ResourceNotFoundException', message: 'Secrets Manager can’t find the specified secret.' });
        return json(res, 200, { ARN: arn('secretsmanager', `secret:${id}-AbCdEf`), Name: id, SecretString: secrets[id], VersionId: 'v1' });
      }
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const schedule = /^\/schedules\/([^/]+)$/.exec(url.pathname);
      if (schedule) {
        const name = decodeURIComponent(schedule[1]!);
        const group = req.method === 'POST' ? (input.GroupName as string | undefined) : url.searchParams.get('groupName');
        const resource = arn('scheduler', `schedule/${group ?? 'default'}/${name}`);
        if (req.method === 'POST') {
          calls.push({ action: 'scheduler:CreateSchedule', resource, input });
          const target = input.Target as { RoleArn?: string } | undefined;
          calls.push({ action: 'iam:PassRole', resource: String(target?.RoleArn), input: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
          if (failing(name)) return json(res, 400, { message: 'refused by the test' }, { 'x-amzn-errortype': 'ValidationException' });
          standing.add(resource);
          return json(res, 200, { ScheduleArn: resource });
        }
        if (req.method === 'DELETE') {
          calls.push({ action: 'scheduler:DeleteSchedule', resource, input: {} });
          standing.delete(resource);
          return json(res, 200, {});
        }
        if (req.method === 'GET') {
          calls.push({ action: 'scheduler:GetSchedule', resource, input: {} });
          if (!standing.has(resource)) return json(res, 404, { message: 'Schedule not found' }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
          return json(res, 200, { Arn: resource, Name: name, GroupName: group, State: 'ENABLED' });
        }
      }
      json(res, 400, { message: `The stand-in does not answer ${req.method} ${req.url} (${target || 'no target'})` }, { 'x-amzn-errortype': 'UnknownOperationException' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    failSchedules: (when) => {
      failing = when;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
