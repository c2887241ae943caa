// The child side of lambda-bundle.ts: loads one Lambda bundle as the Node.js runtime does (import at init,
// then handler(event, context) per invocation). It records every environment variable the code reads that is
// not set, and lets the test move the clock forward (a deadline firing is only acted on once it is due).
import { pathToFileURL } from 'node:url';

const unsetReads = new Set();
process.env = new Proxy(process.env, {
  get(target, key) {
    const value = Reflect.get(target, key);
    if (value === undefined && typeof key === 'string') unsetReads.add(key);
    return value;
  },
});

let offsetMs = 0;
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offsetMs;
  }
};

const errorOf = (error) => ({ name: error?.name ?? 'Error', message: error?.message ?? String(error) });
const initErrors = [];
process.on('unhandledRejection', (error) => initErrors.push(errorOf(error)));

const file = process.argv[2];
let handler;
try {
  ({ handler } = await import(pathToFileURL(file).href));
} catch (error) {
  initErrors.push(errorOf(error));
}

let invocation = 0;
process.on('message', async (message) => {
  if (message.type === 'clock') {
    offsetMs = message.offsetMs;
    return process.send({ id: message.id });
  }
  if (message.type === 'report') return process.send({ id: message.id, unsetReads: [...unsetReads].sort(), initErrors });
  invocation += 1;
  const started = RealDate.now();
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:111122223333:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: `request-${invocation}`,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Number(message.timeoutMs) - (RealDate.now() - started),
  };
  try {
    if (!handler) throw new Error(`The bundle did not load: ${initErrors.map((e) => e.message).join('; ')}`);
    process.send({ id: message.id, result: await handler(message.event, context) });
  } catch (error) {
    process.send({ id: message.id, error: errorOf(error) });
  }
});
process.send({ ready: true });
