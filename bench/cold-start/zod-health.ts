/**
 * Bench fixture: the Lambda plumbing answering GET /v1/health through @hono/zod-openapi with the api's own health route
 * module: the floor under any route declared with zod, as every route of the api is, before any other Baton code.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { LinearRouter } from 'hono/router/linear-router';
import { routes } from '../../lambdas/http/routes/health.js';
import { plumbed } from './plumbing.js';

const app = new OpenAPIHono({ router: new LinearRouter() });
for (const { route, handle } of routes) app.openapi(route, handle as never);

export const handler = plumbed((request) => app.fetch(request));
