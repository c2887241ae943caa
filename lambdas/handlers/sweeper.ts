/**
 * Lambda entry: runs every minute; reads the outbox log and re-does what a crash or a failing channel left.
 * A sweep reads pages for up to 30 s, so the function's timeout must leave room for one more page (60 s).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { sweepOutboxes } from '../app/background.js';
import { awsApp, logger, metrics } from './aws-deps.js';

const app = awsApp();

export const handler = middy(async () => {
  const { deps, service, tasks } = await app;
  const result = await sweepOutboxes(deps, service);
  await tasks.drain();
  metrics.addMetric('OutboxProcessed', MetricUnit.Count, result.processed);
  metrics.addMetric('OutboxFailed', MetricUnit.Count, result.failed);
  return result;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
