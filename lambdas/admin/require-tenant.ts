/** The commands on an existing tenant start here: a tenant nobody created is named as such, not as a missing key or matrix. */
import { NotFoundError } from '../../shared/errors.js';
import type { TenantRecord } from '../../shared/ports.js';
import type { AdminDeps } from './deps.js';

/**
 * The tenant's record.
 * @throws NotFoundError naming the command that creates it
 */
export async function requireTenant(deps: AdminDeps, tenant: string): Promise<TenantRecord> {
  const record = await deps.tenants.get(tenant);
  if (!record) throw new NotFoundError(`There is no tenant ${tenant} (list them: npm run tenant -- tenants; create it: npm run tenant -- create ${tenant})`, { tenant });
  return record;
}
