/** The API's routes as API Gateway sees them (`{name}` path parameters): the CDK stack adds one route each. */
import { ROUTE_TABLE, type ServingFunction } from './route-table.js';

export interface RouteKey {
  method: 'GET' | 'POST';
  path: string;
  /** The function API Gateway sends it to. */
  servedBy: ServingFunction;
}

/** Every route served on AWS (local-only routes such as the manual clock are not). */
export const apiRouteKeys: readonly RouteKey[] = ROUTE_TABLE.filter((line) => !line.localOnly).map(({ method, path, servedBy }) => ({
  method: method.toUpperCase() as RouteKey['method'],
  path,
  servedBy: servedBy ?? 'api',
}));
