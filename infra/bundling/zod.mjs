// What the Lambda bundles get for `zod` (esbuild --alias, see baton-function.ts): zod itself, minus its error
// messages in 50 languages. `import { z } from "zod"` (as @hono/zod-openapi writes it) builds the whole namespace
// object, `locales` included: about 250 KB of every bundle that no Baton code reads (English is zod's default,
// imported by zod on its own). A local export shadows the star export of the same name.
import * as z from './zod-classic.mjs';

export * from './zod-classic.mjs';
export { z, z as default };
