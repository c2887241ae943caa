/** Whose week a report counts in: the tenant's review time zone, from its active matrix. */
import type { Matrix } from '../../../shared/matrix/matrix.js';

/**
 * The time zone of the first party's coordinator team's calendar (`governance.coordinators`): the weeks
 * of the review run Monday 00:00 to Monday 00:00 on that wall clock. An always-open calendar's zone
 * changes no business minutes, so a coordinator team on one can name the zone the review should use.
 * @example reviewTimeZone(matrix) // 'Europe/London' for the example matrix (service desk, contoso-hours)
 */
export function reviewTimeZone(matrix: Matrix): string {
  const team = matrix.coordinatorTeams()[0] ?? matrix.fallbackOwner();
  return matrix.calendar(team.calendar)?.timezone ?? 'UTC';
}
