/**
 * Lambda entry: every 15 minutes, posts each tenant's weekly digest that fell due (Monday at the tenant's
 * governance.digest time) and is not posted yet. One run at a time; a failed run is not retried, the next
 * tick does its work (a week's digest record makes each channel's copy go out once).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { postDueDigests } from '../app/reports/digest.js';
import { awsApp, logger, metrics } from './aws-deps.js';

const app = awsApp();

export const handler = middy(async () => {
  const { deps, service } = await app;
  const result = await postDueDigests({ deps, service });
  metrics.addMetric('DigestsDue', MetricUnit.Count, result.due);
  metrics.addMetric('DigestsPosted', MetricUnit.Count, result.posted);
  metrics.addMetric('DigestsFailed', MetricUnit.Count, result.failed);
  return result;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
