/**
 * What `import { z } from 'zod'` gives the sidebar bundle: the builders the shared schemas it bundles use,
 * named one by one. zod's own `z` namespace object pulls in every builder and all forty locales (460 KB
 * minified); this one lets esbuild keep only what is used. A builder missing here fails the bundle's load
 * test (test/app/build.test.ts), not an agent's click: add it.
 */
import { array, boolean, enum as enumOf, iso, literal, number, object, partialRecord, record, string, union, url } from 'zod/v4';

export const z = { array, boolean, enum: enumOf, iso, literal, number, object, partialRecord, record, string, union, url };
