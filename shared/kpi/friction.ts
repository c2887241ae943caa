/**
 * Friction points: which matrix rules and incident types the period's rework, overdue acknowledgements,
 * silent transfers, not-our-scope rejections and breaches happened under — the input to the monthly
 * matrix and runbook update. Each event counts for the rule that had decided its escalation then.
 */
import type { EscalationEvent, RecordedEvent } from '../escalation/events.js';
import { periodBounds, type Period } from './kpis.js';

/** What decided an escalation (its opening or a reclassification): the rule, its runbook, the combination. */
export interface Decision {
  seq: number;
  incidentType: string;
  impactTier: number;
  matrixVersion: string;
  rule: { index: number; id?: string | undefined } | null;
  runbook?: string | undefined;
}

export interface FrictionCounts {
  /** Handoffs sent back, whatever the reason. */
  rework: number;
  /** Of those, rejected as not the receiver's scope. */
  notOurScope: number;
  ackOverdue: number;
  silentTransfers: number;
  breaches: number;
  /** Handoffs requested (context for rework: not part of the score). */
  handoffs: number;
}

type FrictionKind = keyof FrictionCounts;

export interface FrictionPoint {
  kind: 'rule' | 'incident-type';
  /** `rule:<id>`, `rule:<matrix version>#<index>` for a rule without an id, `no-rule`, or `type:<incident type>`. */
  key: string;
  label: string;
  /** The rule (kind rule); null for escalations no rule decided (the fallback owner's). */
  rule?: { id?: string; index: number; matrixVersion: string } | null;
  incidentType?: string;
  /** The rule's runbook, as the latest escalation decided by it recorded it. */
  runbook?: string;
  counts: FrictionCounts;
  /** rework + notOurScope + ackOverdue + silentTransfers + breaches: a not-our-scope rejection weighs twice, as rework and as a question of ownership. */
  score: number;
  /** Escalations with friction under this point. */
  escalations: number;
  /** Up to three of them, the most friction first. */
  examples: string[];
}

export interface FrictionResult {
  rules: FrictionPoint[];
  incidentTypes: FrictionPoint[];
  /** Friction events whose escalation's deciding rule could not be found (its history was not read). */
  unattributed: number;
}

const SCORED: readonly FrictionKind[] = ['rework', 'notOurScope', 'ackOverdue', 'silentTransfers', 'breaches'];
const zero = (): FrictionCounts => ({ rework: 0, notOurScope: 0, ackOverdue: 0, silentTransfers: 0, breaches: 0, handoffs: 0 });

function kindsOf(event: EscalationEvent): FrictionKind[] {
  switch (event.type) {
    case 'handoff.requested':
      return ['handoffs'];
    case 'handoff.rejected':
      return event.reason === 'not-our-scope' ? ['rework', 'notOurScope'] : ['rework'];
    case 'handoff.ack-overdue':
      return ['ackOverdue'];
    case 'ownership.silent-transfer':
      return ['silentTransfers'];
    case 'sla.breached':
      return ['breaches'];
    default:
      return [];
  }
}

/** The decision an event of `seq` happened under: the latest at or before it. */
function decisionAt(decisions: readonly Decision[], seq: number): Decision | undefined {
  let found: Decision | undefined;
  for (const d of decisions) if (d.seq <= seq && (!found || d.seq > found.seq)) found = d;
  return found;
}

function ruleKey(d: Decision): { key: string; label: string } {
  if (d.rule === null) return { key: 'no-rule', label: 'No rule (the fallback owner)' };
  if (d.rule.id) return { key: `rule:${d.rule.id}`, label: `Rule ${d.rule.id}` };
  return { key: `rule:${d.matrixVersion}#${d.rule.index}`, label: `Rule ${d.rule.index + 1} of matrix ${d.matrixVersion}` };
}

class Tally {
  readonly counts = zero();
  readonly tickets = new Map<string, number>();
  runbook?: string;
  runbookSeq = -1;
  constructor(readonly point: Omit<FrictionPoint, 'counts' | 'score' | 'escalations' | 'examples' | 'runbook'>) {}
}

/**
 * Accumulates friction over a period. Feed it events (decisions are taken from any event read, friction
 * only from events in the period); escalations whose deciding event was not among them are named by
 * `unattributed()`, and their histories can be added with `addHistory` before `result`.
 * @example const f = new FrictionAccumulator(month); for (const e of events) f.add(e); f.result(20).rules[0]?.key // 'rule:network-major'
 */
export class FrictionAccumulator {
  private readonly from: number;
  private readonly to: number;
  private readonly decisions = new Map<string, Decision[]>();
  private readonly friction = new Map<string, Array<{ seq: number; kinds: FrictionKind[] }>>();

  constructor(period: Period) {
    ({ from: this.from, to: this.to } = periodBounds(period));
  }

  add({ ticketId, seq, event }: RecordedEvent): void {
    if (event.type === 'escalation.opened' || event.type === 'escalation.reclassified') {
      const list = this.decisions.get(ticketId) ?? [];
      if (!list.some((d) => d.seq === seq)) list.push({ seq, incidentType: event.incidentType, impactTier: event.impactTier, matrixVersion: event.matrixVersion, rule: event.rule, runbook: event.runbook });
      this.decisions.set(ticketId, list);
      return;
    }
    const kinds = kindsOf(event);
    if (kinds.length === 0) return;
    const ms = Date.parse(event.at);
    if (!(ms >= this.from && ms < this.to)) return;
    const list = this.friction.get(ticketId) ?? [];
    // A commit read twice (through the week index and a late record) must not count twice.
    if (!list.some((f) => f.seq === seq)) list.push({ seq, kinds });
    this.friction.set(ticketId, list);
  }

  /** Escalations with friction that happened under a decision not read (opened before the events read). */
  unattributed(): string[] {
    return [...this.friction].filter(([ticket, list]) => list.some((f) => !decisionAt(this.decisions.get(ticket) ?? [], f.seq))).map(([ticket]) => ticket);
  }

  /** The decisions of an escalation's whole history (friction events in it are ignored: they were fed already). */
  addHistory(events: Iterable<RecordedEvent>): void {
    for (const recorded of events) if (recorded.event.type === 'escalation.opened' || recorded.event.type === 'escalation.reclassified') this.add(recorded);
  }

  /** The top `limit` rules and incident types by score. */
  result(limit: number): FrictionResult {
    const rules = new Map<string, Tally>();
    const types = new Map<string, Tally>();
    let unattributed = 0;
    for (const [ticket, list] of this.friction) {
      const decisions = this.decisions.get(ticket) ?? [];
      for (const { seq, kinds } of list) {
        const decision = decisionAt(decisions, seq);
        if (!decision) {
          if (kinds.some((k) => SCORED.includes(k))) unattributed++;
          continue;
        }
        const { key, label } = ruleKey(decision);
        const rule = decision.rule === null ? null : { ...(decision.rule.id ? { id: decision.rule.id } : {}), index: decision.rule.index, matrixVersion: decision.matrixVersion };
        const byRule = rules.get(key) ?? new Tally({ kind: 'rule', key, label, rule });
        const byType = types.get(decision.incidentType) ?? new Tally({ kind: 'incident-type', key: `type:${decision.incidentType}`, label: `Incident type ${decision.incidentType}`, incidentType: decision.incidentType });
        rules.set(key, byRule);
        types.set(decision.incidentType, byType);
        for (const tally of [byRule, byType]) {
          for (const kind of kinds) tally.counts[kind]++;
          if (kinds.some((k) => SCORED.includes(k))) tally.tickets.set(ticket, (tally.tickets.get(ticket) ?? 0) + 1);
          if (decision.runbook && decision.seq > tally.runbookSeq) Object.assign(tally, { runbook: decision.runbook, runbookSeq: decision.seq });
        }
      }
    }
    return { rules: ranked(rules, limit), incidentTypes: ranked(types, limit), unattributed };
  }
}

function ranked(tallies: Map<string, Tally>, limit: number): FrictionPoint[] {
  return [...tallies.values()]
    .map((t): FrictionPoint => ({
      ...t.point,
      ...(t.point.kind === 'rule' && t.runbook ? { runbook: t.runbook } : {}),
      counts: t.counts,
      score: SCORED.reduce((sum, kind) => sum + t.counts[kind], 0),
      escalations: t.tickets.size,
      examples: [...t.tickets].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([ticket]) => ticket),
    }))
    .filter((p) => p.score > 0)
    .sort((a, b) => b.score - a.score || b.counts.breaches - a.counts.breaches || a.key.localeCompare(b.key))
    .slice(0, limit);
}
