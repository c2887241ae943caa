/** Bench fixture: the Lambda plumbing answering GET /v1/health through Hono, with no zod (the floor under any Hono answer here). */
import { Hono } from 'hono';
import { LinearRouter } from 'hono/router/linear-router';
import { reply } from '../../lambdas/http/env.js';
import { plumbed } from './plumbing.js';

const app = new Hono({ router: new LinearRouter() });
app.get('/v1/health', () => reply(200, { status: 'ok' }));

export const handler = plumbed((request) => app.fetch(request));
