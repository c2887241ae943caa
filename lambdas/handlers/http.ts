/** Lambda entry: the HTTP API behind API Gateway (HTTP API, payload v2). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createHttpHandler, type HttpHandler } from '../http/lambda.js';
import { awsApp, logger, metrics } from './aws-deps.js';

let ready: Promise<HttpHandler> | undefined;

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  ready ??= awsApp().then(({ deps, service, tasks }) =>
    createHttpHandler(deps, service, tasks, { drain: true }, [injectLambdaContext(logger, { resetKeys: true }), logMetrics(metrics)]),
  );
  return (await ready)(event, context);
};
