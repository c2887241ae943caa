/** Lambda entry: the EventBridge Scheduler target. Each firing arrives at least once; stale ones are ignored. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { fireDeadline } from '../app/background.js';
import { awsApp, logger, metrics } from './aws-deps.js';

const app = awsApp();

export const handler = middy(async (event: unknown) => {
  const { service, tasks } = await app;
  // A failure throws: Scheduler invokes asynchronously, so Lambda retries the firing twice, then parks it in the dead-letter queue.
  const { recorded } = await fireDeadline(service, event);
  await tasks.drain();
  metrics.addMetric(recorded > 0 ? 'DeadlineActedOn' : 'DeadlineIgnored', MetricUnit.Count, 1);
  return { recorded };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
