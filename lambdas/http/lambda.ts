/** The HTTP API as a middy Lambda handler for API Gateway HTTP API (v2) events; local mode runs the same one. */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AppDeps } from '../app/deps.js';
import type { EscalationService } from '../app/escalations.js';
import type { TaskQueue } from '../app/tasks.js';
import { toRequest, toResult } from './apigw.js';
import { createHttpApp } from './app.js';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * @param drain wait for background work (notifications) before answering — on Lambda, whose process freezes after.
 * @example const handler = createHttpHandler(deps, service, tasks, { drain: true }, [injectLambdaContext(logger)]);
 */
export function createHttpHandler(
  deps: AppDeps,
  service: EscalationService,
  tasks: TaskQueue,
  options: { drain: boolean },
  middlewares: MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>[] = [],
): HttpHandler {
  const app = createHttpApp(deps, service);
  const base = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
    const response = await toResult(await app.fetch(toRequest(event)));
    if (options.drain) await tasks.drain();
    return response;
  });
  for (const middleware of middlewares) base.use(middleware);
  return (event, context) => base(event, context);
}
