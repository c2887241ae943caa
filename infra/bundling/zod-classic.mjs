// zod's classic API with `locales` left out, at the top and in `core` (see zod.mjs). Relative paths, so the alias
// does not apply to them; a local export shadows the star export of the same name.
import * as core from './zod-core.mjs';

export * from '../../node_modules/zod/v4/classic/external.js';
export { core };
export const locales = {};
