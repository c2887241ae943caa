/** The escalation matrix document (YAML or JSON): parties, teams, calendars, SLA policies, rules, governance. */
import * as z from 'zod';
import { calendarSchema, isTimeZone } from '../calendar/spec.js';

const id = (what: string) => z.string().trim().min(1, `${what} is required`).max(64, `${what} is at most 64 characters`);
const httpUrl = z.url({ protocol: /^https?$/, message: 'Use an http(s) URL' });

export const partySchema = z.object({ id: id('Party id'), name: z.string().trim().min(1, 'Party name is required') }).strict();

export const teamSchema = z
  .object({
    id: id('Team id'),
    name: z.string().trim().min(1, 'Team name is required'),
    party: id('Team party'),
    calendar: id('Team calendar'),
    freshserviceGroupId: z.number().int().positive().optional(),
    members: z.array(id('Member id')).default([]),
    channels: z
      .object({ slack: z.string().trim().min(1).optional(), teams: httpUrl.optional() })
      .strict()
      .optional(),
  })
  .strict();

export const slaPolicySchema = z
  .object({
    id: id('SLA policy id'),
    ackMinutes: z.number().int('Whole minutes').positive('Must be more than 0'),
    resolveMinutes: z.number().int('Whole minutes').positive('Must be more than 0'),
    calendar: id('SLA calendar'),
    warnAt: z
      .array(z.number().gt(0, 'A warning fraction is above 0').lt(1, 'A warning fraction is below 1 (the breach is 1)'))
      .default([0.75]),
  })
  .strict();

/** A match value: one value, a list of values, or "*" for anything. */
const matchValue = <T extends z.ZodType>(value: T) => z.union([z.literal('*'), value, z.array(value).min(1)]);

export const ruleSchema = z
  .object({
    id: z.string().trim().min(1).optional(),
    match: z
      .object({
        incidentType: matchValue(z.string().trim().min(1)).default('*'),
        impactTier: matchValue(z.number().int()).default('*'),
      })
      .strict(),
    owner: id('Rule owner'),
    sla: id('Rule SLA policy'),
    runbook: httpUrl.optional(),
  })
  .strict();

/**
 * Who may approve matrix changes: a person, by the actor id the API receives (`{id, party}`: the member id
 * in `teams[].members`, or the Freshservice agent id when membership comes from agent groups), or every
 * member of a team (`{team}`), for the team's party.
 * @example approverSchema.parse({id: 'agent-carla', party: 'internal'}); approverSchema.parse({team: 'it-managers'})
 */
export const approverSchema = z
  .object({ id: id('Approver id').optional(), party: id('Approver party').optional(), team: id('Approver team').optional() })
  .strict()
  .superRefine((a, ctx) => {
    if (a.team !== undefined) {
      if (a.id !== undefined || a.party !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['team'], message: 'An approver is a person ({id, party}) or a team ({team}), not both' });
      }
      return;
    }
    if (a.id === undefined) ctx.addIssue({ code: 'custom', path: ['id'], message: 'Approver id is required: the actor id the API receives (or name a team: {team: <team id>})' });
    if (a.party === undefined) ctx.addIssue({ code: 'custom', path: ['party'], message: 'Approver party is required: the party this person approves for' });
  });

/**
 * When the weekly digest goes to both coordinator teams' channels: every Monday at `time` on the wall clock
 * of `timeZone` (by default the review's time zone), summing up the week that just ended.
 * @example digestSettingsSchema.parse({time: '08:30', timeZone: 'Europe/London', reviewUrl: 'https://contoso.freshservice.com/a/apps/baton'})
 */
export const digestSettingsSchema = z
  .object({
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day as HH:MM on a 24-hour clock, for example "08:30"'),
    timeZone: z.string().refine(isTimeZone, 'Unknown IANA time zone (for example "Europe/London")').optional(),
    /** Where the coordinators open the review (the Freshservice full-page app); the digest links to it. */
    reviewUrl: httpUrl.optional(),
  })
  .strict();

export const governanceSchema = z
  .object({
    /** Per party, the team that receives ambiguity and overdue-acknowledgement notices. */
    coordinators: z.record(z.string(), id('Coordinator team')),
    /** Who approves proposals (named in the ACTIVE matrix; a proposal cannot approve itself). */
    approvers: z.array(approverSchema).default([]),
    /** Owner when no rule (or a conflict) decides; default: the first party's coordinator team. */
    fallbackOwner: id('Fallback owner').optional(),
    /** SLA policy when no rule decides; default: the first policy. */
    fallbackSla: id('Fallback SLA policy').optional(),
    /** The weekly digest's time; no digest is posted on a schedule without it (one can still be posted on demand). */
    digest: digestSettingsSchema.optional(),
  })
  .strict();

/** A Freshservice level (priority 1 low … 4 urgent, impact 1 low … 3 high) as a key: YAML and JSON keys are strings. */
const freshserviceLevel = z.string().regex(/^[1-9]$/, 'A Freshservice level is a digit: priority 1 (low) to 4 (urgent), impact 1 (low) to 3 (high)');

/**
 * Optional: how the sidebar prefills a new escalation from its Freshservice ticket. The impact tier comes
 * from the ticket's impact when `impactToTier` maps it, else from its priority; the incident type from its
 * category (exact text first, then ignoring case). The agent can change both before opening.
 */
export const ticketMappingSchema = z
  .object({
    impactToTier: z.record(freshserviceLevel, z.number().int()).optional(),
    priorityToTier: z.record(freshserviceLevel, z.number().int()).optional(),
    categoryToIncidentType: z.record(z.string().trim().min(1, 'A category is required'), z.string().trim().min(1)).optional(),
  })
  .strict();

export const matrixSchema = z
  .object({
    parties: z.array(partySchema).min(1, 'At least one party is required'),
    teams: z.array(teamSchema).min(1, 'At least one team is required'),
    calendars: z.array(calendarSchema).min(1, 'At least one calendar is required'),
    slaPolicies: z.array(slaPolicySchema).min(1, 'At least one SLA policy is required'),
    incidentTypes: z.array(z.string().trim().min(1)).min(1, 'At least one incident type is required'),
    impactTiers: z.array(z.number().int()).min(1, 'At least one impact tier is required'),
    rules: z.array(ruleSchema).default([]),
    governance: governanceSchema,
    ticketMapping: ticketMappingSchema.optional(),
  })
  .strict();

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
