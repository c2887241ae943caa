/**
 * What `zod` is in the app's bundles (the sidebar and the review page): zod/mini, whose schemas carry no
 * methods beyond parse/safeParse/check, so esbuild keeps only the builders and checks the bundled schemas use
 * (zod classic's schema classes carry every method on their prototypes and cannot be trimmed). Both flavours
 * wrap the same zod/v4/core, which does all the parsing and wording, so a schema written with zod's functions
 * and `.check()` (shared/text.ts, shared/handoff/schema.ts, shared/matrix/schema.ts, …) validates the same in
 * the app as in the API, which builds it with zod classic for @hono/zod-openapi. A classic-only method in a
 * bundled schema module fails the bundle's tests (test/app/build.test.ts), not an agent's click.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod classic installs English messages on first use; zod/mini leaves the wording to the caller.
config(en());

export * from 'zod/mini';
