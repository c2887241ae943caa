/** The stack's options, read from CDK context (`-c stage=prod`, or cdk.json) and checked before anything is built. */
import * as z from 'zod';

/** A context value given on the command line is a string; in cdk.json it may be a real boolean. */
const flag = z.union([z.boolean(), z.stringbool()]);

export const stackConfigSchema = z.object({
  /** Names the stack (`Baton-<stage>`) and every named resource in it. */
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'a stage is 1–20 lowercase letters, digits or hyphens, starting with a letter')
    .default('dev'),
  /** The Slack bot token's secret, by name or complete ARN; without it Slack is not used. */
  slackTokenSecret: z.string().min(1).optional(),
  /** Who receives the alarms (an SNS e-mail subscription, confirmed by the recipient). */
  alarmEmail: z.email().optional(),
  /** @see DEFAULTS.bundleAwsSdk */
  bundleAwsSdk: flag.optional(),
  /** @see DEFAULTS.tracing */
  tracing: flag.optional(),
});

export type StackConfig = z.output<typeof stackConfigSchema>;

/** The context keys read, each checked; an unknown stage name or a malformed value stops the synth with its reason. */
export function readStackConfig(context: (key: string) => unknown): StackConfig {
  const raw = Object.fromEntries(Object.keys(stackConfigSchema.shape).map((key) => [key, context(key)]).filter(([, value]) => value !== undefined));
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Invalid CDK context: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Names derived from the stage, so two stages never share a resource. */
export function stageNames(stage: string) {
  return {
    stack: `Baton-${stage}`,
    function: (role: 'api' | 'reports' | 'deadline' | 'sweeper' | 'weekly') => `baton-${stage}-${role}`,
    scheduleGroup: `baton-${stage}-deadlines`,
    dashboard: `Baton-${stage}`,
    /** Each tenant's Freshservice connection is the secret `<prefix><tenant>`, holding `{domain, apiKey}`. */
    freshserviceSecretPrefix: `baton/${stage}/freshservice/`,
  };
}
