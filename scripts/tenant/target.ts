/** Where `npm run tenant` acts: a deployed stage's table and secret prefix, from the outputs `npm run deploy` wrote, or named outright. */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { outputsFile } from '../../infra/lib/cdk-command.js';
import { stageNames } from '../../infra/lib/config.js';

export interface Target {
  tableName: string;
  /** Tenant `t`'s Freshservice connection is the secret `<prefix>t`; null when unknown. */
  secretPrefix: string | null;
  /** The stage's API, for the smoke test's hint; null when only a table was named. */
  apiUrl: string | null;
}

/** `cdk deploy --outputs-file` writes `{"Baton-<stage>": {"TableName": …, …}}`. */
const outputsSchema = z.record(z.string(), z.record(z.string(), z.string()));
const stackOutputsSchema = z.object({ TableName: z.string().min(1), FreshserviceSecretPrefix: z.string().min(1).optional(), ApiUrl: z.string().min(1).optional() });

/**
 * The table (and secret prefix) of `--stage` from its outputs file, or `--table` as given; `--secret-prefix` wins over the outputs'.
 * @throws Error saying how to get the outputs file when it is missing or is not a deploy's
 * @example await resolveTarget({ stage: 'prod' }) // {tableName: 'Baton-prod-DataTable…', secretPrefix: 'baton/prod/freshservice/', apiUrl: 'https://…/'}
 */
export async function resolveTarget(options: { stage?: string; table?: string; secretPrefix?: string }, read = (path: string) => readFile(path, 'utf8')): Promise<Target> {
  if (options.stage === undefined) return { tableName: options.table!, secretPrefix: options.secretPrefix ?? null, apiUrl: null };
  const path = outputsFile(options.stage);
  const text = await read(path).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'it does not exist' : error.message;
    throw new Error(`Cannot read ${path} (${why}): deploy the stage first (npm run deploy -- ${options.stage}), run from the repository's root, or give --table <name>`, { cause: error });
  });
  const stack = stageNames(options.stage).stack;
  let outputs: z.infer<typeof stackOutputsSchema>;
  try {
    const parsed = stackOutputsSchema.safeParse(outputsSchema.parse(JSON.parse(text))[stack]);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || stack}: ${i.message}`).join('; '));
    outputs = parsed.data;
  } catch (error) {
    throw new Error(`${path} has no outputs of the stack ${stack} (${(error as Error).message}): deploy again (npm run deploy -- ${options.stage}), or give --table <name>`, { cause: error });
  }
  return { tableName: outputs.TableName, secretPrefix: options.secretPrefix ?? outputs.FreshserviceSecretPrefix ?? null, apiUrl: outputs.ApiUrl ?? null };
}
