/** The API's routes as API Gateway sees them (`{name}` path parameters); the CDK stack adds one route each. */
export interface RouteKey {
  method: 'GET' | 'POST';
  path: string;
}

/** Every route served on AWS (the local-only dev clock is not one). */
export const apiRouteKeys: readonly RouteKey[] = [
  { method: 'GET', path: '/v1/health' },
  { method: 'GET', path: '/v1/openapi.json' },
  { method: 'GET', path: '/v1/matrix' },
  { method: 'POST', path: '/v1/escalations' },
  { method: 'GET', path: '/v1/escalations' },
  { method: 'GET', path: '/v1/escalations/{ticketId}' },
  { method: 'GET', path: '/v1/escalations/{ticketId}/timeline' },
  { method: 'GET', path: '/v1/escalations/{ticketId}/handoffs/{handoffId}' },
  { method: 'POST', path: '/v1/escalations/{ticketId}/handoffs' },
  { method: 'POST', path: '/v1/escalations/{ticketId}/handoffs/{handoffId}/acknowledge' },
  { method: 'POST', path: '/v1/escalations/{ticketId}/handoffs/{handoffId}/reject' },
  { method: 'POST', path: '/v1/escalations/{ticketId}/pause' },
  { method: 'POST', path: '/v1/escalations/{ticketId}/resume' },
  { method: 'POST', path: '/v1/escalations/{ticketId}/reclassify' },
  { method: 'POST', path: '/v1/escalations/{ticketId}/resolve' },
  { method: 'POST', path: '/v1/webhooks/freshservice' },
];
