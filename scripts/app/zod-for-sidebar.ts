/**
 * What `zod` is in the sidebar bundle: the builders the shared schemas it bundles use, re-exported one by one, so
 * `import * as z from 'zod'` keeps only them (zod's own entry also carries its forty locales). A builder missing
 * here fails the bundle's load test (test/app/build.test.ts), not an agent's click: add it.
 */
export { array, boolean, enum, iso, literal, number, object, partialRecord, record, string, union, url } from 'zod/v4';
