/** What every report reads through: the application's dependencies and the escalation service (histories, the active matrix). */
import type { AppDeps } from '../deps.js';
import type { EscalationService } from '../escalations.js';

export interface ReportContext {
  deps: AppDeps;
  service: EscalationService;
}
