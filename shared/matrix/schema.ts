/**
 * The escalation matrix document (YAML or JSON): parties, teams, calendars, SLA policies, rules, governance.
 * Written with zod's functions and `.check()` only: the app's bundles build it with zod/mini (scripts/app/zod-for-sidebar.ts).
 */
import * as z from 'zod';
import { calendarSchema, isTimeZone } from '../calendar/spec.js';

const id = (what: string) => z.string().check(z.trim(), z.minLength(1, `${what} is required`), z.maxLength(64, `${what} is at most 64 characters`));
const httpUrl = z.url({ protocol: /^https?$/, message: 'Use an http(s) URL' });
/** A trimmed, non-empty string (`message` when empty). */
const nonEmpty = (message?: string) => z.string().check(z.trim(), z.minLength(1, message));
const wholeNumber = () => z.number().check(z.int());

export const partySchema = z.strictObject({ id: id('Party id'), name: nonEmpty('Party name is required') });

export const teamSchema = z.strictObject({
  id: id('Team id'),
  name: nonEmpty('Team name is required'),
  party: id('Team party'),
  calendar: id('Team calendar'),
  freshserviceGroupId: z.optional(z.number().check(z.int(), z.positive())),
  members: z._default(z.array(id('Member id')), []),
  channels: z.optional(z.strictObject({ slack: z.optional(nonEmpty()), teams: z.optional(httpUrl) })),
});

const minutes = () => z.number().check(z.int('Whole minutes'), z.positive('Must be more than 0'));

export const slaPolicySchema = z.strictObject({
  id: id('SLA policy id'),
  ackMinutes: minutes(),
  resolveMinutes: minutes(),
  calendar: id('SLA calendar'),
  warnAt: z._default(z.array(z.number().check(z.gt(0, 'A warning fraction is above 0'), z.lt(1, 'A warning fraction is below 1 (the breach is 1)'))), [0.75]),
});

/** A match value: one value, a list of values, or "*" for anything. */
const matchValue = <T extends z.ZodType>(value: T) => z.union([z.literal('*'), value, z.array(value).check(z.minLength(1))]);

export const ruleSchema = z.strictObject({
  id: z.optional(nonEmpty()),
  match: z.strictObject({
    incidentType: z._default(matchValue(nonEmpty()), '*'),
    impactTier: z._default(matchValue(wholeNumber()), '*'),
  }),
  owner: id('Rule owner'),
  sla: id('Rule SLA policy'),
  runbook: z.optional(httpUrl),
});

/**
 * Who may approve matrix changes: a person, by the actor id the API receives (`{id, party}`: the member id
 * in `teams[].members`, or the Freshservice agent id when membership comes from agent groups), or every
 * member of a team (`{team}`), for the team's party.
 * @example approverSchema.parse({id: 'agent-carla', party: 'internal'}); approverSchema.parse({team: 'it-managers'})
 */
export const approverSchema = z.strictObject({ id: z.optional(id('Approver id')), party: z.optional(id('Approver party')), team: z.optional(id('Approver team')) }).check(
  z.superRefine((a, ctx) => {
    if (a.team !== undefined) {
      if (a.id !== undefined || a.party !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['team'], message: 'An approver is a person ({id, party}) or a team ({team}), not both' });
      }
      return;
    }
    if (a.id === undefined) ctx.addIssue({ code: 'custom', path: ['id'], message: 'Approver id is required: the actor id the API receives (or name a team: {team: <team id>})' });
    if (a.party === undefined) ctx.addIssue({ code: 'custom', path: ['party'], message: 'Approver party is required: the party this person approves for' });
  }),
);

/**
 * When the weekly digest goes to both coordinator teams' channels: every Monday at `time` on the wall clock
 * of `timeZone` (by default the review's time zone), summing up the week that just ended.
 * @example digestSettingsSchema.parse({time: '08:30', timeZone: 'Europe/London', reviewUrl: 'https://contoso.freshservice.com/a/apps/baton'})
 */
export const digestSettingsSchema = z.strictObject({
  time: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day as HH:MM on a 24-hour clock, for example "08:30"')),
  timeZone: z.optional(z.string().check(z.refine(isTimeZone, 'Unknown IANA time zone (for example "Europe/London")'))),
  /** Where the coordinators open the review (the Freshservice full-page app); the digest links to it. */
  reviewUrl: z.optional(httpUrl),
});

export const governanceSchema = z.strictObject({
  /** Per party, the team that receives ambiguity and overdue-acknowledgement notices. */
  coordinators: z.record(z.string(), id('Coordinator team')),
  /** Who approves proposals (named in the ACTIVE matrix; a proposal cannot approve itself). */
  approvers: z._default(z.array(approverSchema), []),
  /** Owner when no rule (or a conflict) decides; default: the first party's coordinator team. */
  fallbackOwner: z.optional(id('Fallback owner')),
  /** SLA policy when no rule decides; default: the first policy. */
  fallbackSla: z.optional(id('Fallback SLA policy')),
  /** The weekly digest's time; no digest is posted on a schedule without it (one can still be posted on demand). */
  digest: z.optional(digestSettingsSchema),
});

/** A Freshservice level (priority 1 low … 4 urgent, impact 1 low … 3 high) as a key: YAML and JSON keys are strings. */
const freshserviceLevel = z.string().check(z.regex(/^[1-9]$/, 'A Freshservice level is a digit: priority 1 (low) to 4 (urgent), impact 1 (low) to 3 (high)'));

/**
 * Optional: how the sidebar prefills a new escalation from its Freshservice ticket. The impact tier comes
 * from the ticket's impact when `impactToTier` maps it, else from its priority; the incident type from its
 * category (exact text first, then ignoring case). The agent can change both before opening.
 */
export const ticketMappingSchema = z.strictObject({
  impactToTier: z.optional(z.record(freshserviceLevel, wholeNumber())),
  priorityToTier: z.optional(z.record(freshserviceLevel, wholeNumber())),
  categoryToIncidentType: z.optional(z.record(nonEmpty('A category is required'), nonEmpty())),
});

/** A list of at least one item (`message` when empty). */
const atLeastOne = <T extends z.ZodType>(item: T, message: string) => z.array(item).check(z.minLength(1, message));

export const matrixSchema = z.strictObject({
  parties: atLeastOne(partySchema, 'At least one party is required'),
  teams: atLeastOne(teamSchema, 'At least one team is required'),
  calendars: atLeastOne(calendarSchema, 'At least one calendar is required'),
  slaPolicies: atLeastOne(slaPolicySchema, 'At least one SLA policy is required'),
  incidentTypes: atLeastOne(nonEmpty(), 'At least one incident type is required'),
  impactTiers: atLeastOne(wholeNumber(), 'At least one impact tier is required'),
  rules: z._default(z.array(ruleSchema), []),
  governance: governanceSchema,
  ticketMapping: z.optional(ticketMappingSchema),
});

/**
 * A matrix document after parsing (defaults applied).
 * @example matrixSchema.parse(YAML.parse(text))
 */
export type MatrixDocument = z.infer<typeof matrixSchema>;
export type Team = z.infer<typeof teamSchema>;
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type TicketMapping = z.infer<typeof ticketMappingSchema>;
export type Approver = z.infer<typeof approverSchema>;
export type DigestSettings = z.infer<typeof digestSettingsSchema>;
