/**
 * The route table: the one list the router, the OpenAPI document, the CDK stack's API routes and the
 * contract test are made from. Each line names the module that defines the route; the module is imported when
 * one of its routes is first called (or the document is asked for), so a cold start builds the schemas of the
 * route it answers rather than of every route. Adding a route is adding it to its module's `routes` and a line here.
 */
import type { RouteEntry } from './routes/define.js';

/** The Lambda functions that serve the HTTP API: both run the same app, each bundled with what its routes load. */
export type ServingFunction = 'api' | 'reports';

export interface TableRoute {
  method: 'get' | 'post';
  /** As OpenAPI writes it (`/v1/escalations/{ticketId}`), and as the module's route says it. */
  path: string;
  module: () => Promise<{ routes: readonly RouteEntry[] }>;
  /**
   * On AWS, the function API Gateway sends it to: `reports` for the weekly review's routes, whose XLSX writer
   * (exceljs, about 1 MB) stays out of the api function's bundle. @default 'api'
   */
  servedBy?: ServingFunction;
  /** Served only in local mode (the manual clock), never deployed. */
  localOnly?: boolean;
}

const health = () => import('./routes/health.js');
const system = () => import('./routes/system.js');
const reads = () => import('./routes/reads.js');
const commands = () => import('./routes/commands.js');
const governance = () => import('./routes/matrix-governance.js');
const reports = () => import('./routes/reports.js');

export const ROUTE_TABLE: readonly TableRoute[] = [
  { method: 'get', path: '/v1/health', module: health },
  { method: 'get', path: '/v1/openapi.json', module: system },
  { method: 'get', path: '/v1/matrix', module: reads },
  { method: 'post', path: '/v1/matrix/proposals', module: governance },
  { method: 'get', path: '/v1/matrix/proposals', module: governance },
  { method: 'get', path: '/v1/matrix/proposals/{proposalId}', module: governance },
  { method: 'post', path: '/v1/matrix/proposals/{proposalId}/approve', module: governance },
  { method: 'post', path: '/v1/matrix/proposals/{proposalId}/reject', module: governance },
  { method: 'get', path: '/v1/matrix/versions', module: governance },
  { method: 'get', path: '/v1/reports/weekly', module: reports, servedBy: 'reports' },
  { method: 'post', path: '/v1/reports/weekly/digest', module: reports, servedBy: 'reports' },
  { method: 'post', path: '/v1/reports/baseline', module: reports, servedBy: 'reports' },
  { method: 'get', path: '/v1/reports/baseline', module: reports, servedBy: 'reports' },
  { method: 'get', path: '/v1/reports/friction', module: reports, servedBy: 'reports' },
  { method: 'post', path: '/v1/escalations', module: commands },
  { method: 'get', path: '/v1/escalations', module: reads },
  { method: 'get', path: '/v1/escalations/{ticketId}', module: reads },
  { method: 'get', path: '/v1/escalations/{ticketId}/timeline', module: reads },
  { method: 'get', path: '/v1/escalations/{ticketId}/handoffs/{handoffId}', module: reads },
  { method: 'post', path: '/v1/escalations/{ticketId}/handoffs', module: commands },
  { method: 'post', path: '/v1/escalations/{ticketId}/handoffs/{handoffId}/acknowledge', module: commands },
  { method: 'post', path: '/v1/escalations/{ticketId}/handoffs/{handoffId}/reject', module: commands },
  { method: 'post', path: '/v1/escalations/{ticketId}/pause', module: commands },
  { method: 'post', path: '/v1/escalations/{ticketId}/resume', module: commands },
  { method: 'post', path: '/v1/escalations/{ticketId}/reclassify', module: commands },
  { method: 'post', path: '/v1/escalations/{ticketId}/resolve', module: commands },
  { method: 'post', path: '/v1/webhooks/freshservice', module: system },
  { method: 'post', path: '/v1/dev/clock', module: system, localOnly: true },
];

/** The route's definition, from its module. A line whose module does not define that route fails here, at its first call. */
export async function loadRoute(line: TableRoute): Promise<RouteEntry> {
  const { routes } = await line.module();
  const entry = routes.find(({ route }) => route.method === line.method && route.path === line.path);
  if (!entry) throw new Error(`The route table lists ${line.method.toUpperCase()} ${line.path}, which its module does not define`);
  return entry;
}
