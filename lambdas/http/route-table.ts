/**
 * The route table: the one list the router, the OpenAPI document, the CDK stack's API routes and the
 * contract test are made from. Adding a route is adding its entry here.
 */
import { escalationCommands, openEscalation, requestHandoff } from './routes/commands.js';
import type { RouteEntry } from './routes/define.js';
import { matrixGovernance } from './routes/matrix-governance.js';
import { getEscalation, getHandoff, getTimeline, health, listEscalations, matrix } from './routes/reads.js';
import { reportRoutes } from './routes/reports.js';
import { devClock, freshserviceWebhook, openApiDocument } from './routes/system.js';

export const ROUTE_TABLE: readonly RouteEntry[] = [
  health,
  openApiDocument,
  matrix,
  ...matrixGovernance,
  ...reportRoutes,
  openEscalation,
  listEscalations,
  getEscalation,
  getTimeline,
  getHandoff,
  requestHandoff,
  ...escalationCommands,
  freshserviceWebhook,
  devClock,
];
