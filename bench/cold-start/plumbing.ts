/**
 * Bench fixture (bench/bundles.bench.ts): the api function's Lambda plumbing without Baton's application. Powertools'
 * logger and metrics on middy as lambdas/handlers/http.ts wires them, the DynamoDB document client, and the project's
 * API Gateway adapter around whatever answers: the cold-start floors measured beside the api are these plus an app.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { toRequest, toResult } from '../../lambdas/http/apigw.js';

const logger = new Logger({ serviceName: 'baton' });
const metrics = new Metrics({ namespace: 'Baton', serviceName: 'baton' });
/** Built as the api builds its own at its first answer; nothing here calls it. */
export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

/** A Lambda handler answering API Gateway v2 events with `fetch`, through the api's middleware. */
export function plumbed(fetch: (request: Request) => Response | Promise<Response>) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .handler(async (event) => toResult(await fetch(toRequest(event))))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use({ after: (request) => void metrics.addMetric(`Http${Math.floor((request.response?.statusCode ?? 500) / 100)}xx`, MetricUnit.Count, 1) });
}
