/** Lambda entry: the HTTP API behind API Gateway (HTTP API, payload v2). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createHttpHandler, type HttpHandler } from '../http/lambda.js';
import { awsApp, logger, metrics } from './aws-deps.js';

let ready: Promise<HttpHandler> | undefined;

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  ready ??= awsApp().then(({ deps, service, tasks }) =>
    createHttpHandler(deps, service, tasks, { drain: true }, [
      injectLambdaContext(logger, { resetKeys: true }),
      logMetrics(metrics),
      // One count per answer class (Http2xx, Http4xx, Http5xx): client mistakes and our failures apart.
      { after: (request) => void metrics.addMetric(`Http${Math.floor((request.response?.statusCode ?? 500) / 100)}xx`, MetricUnit.Count, 1) },
    ]),
  );
  return (await ready)(event, context);
};
