/** New API keys and webhook secrets: 24 random bytes, URL-safe, behind a prefix that says what they are. */
import { randomBytes } from 'node:crypto';

/**
 * A fresh secret; fits a bearer header and local mode's "tenant:key" lists (no ":", "," or white space).
 * @example newSecret('baton_') // 'baton_3q2-7wEAAAAb…' (38 characters)
 */
export const newSecret = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/** What each kind of secret starts with, so a leaked one is recognisable for what it is. */
export const SECRET_PREFIX = { apiKey: 'baton_', webhook: 'whsec_' } as const;
