/** Local mode's /app/ page: pick a ticket and an agent, and open the sidebar as that agent on that ticket. */
import type { EscalationSummary } from '../../../shared/escalation/summary.js';
import type { MatrixDocument } from '../../../shared/matrix/schema.js';
import { escapeHtml as h } from '../../adapters/notify/escape.js';

export interface Agent {
  id: string;
  teams: Array<{ id: string; name: string; party: string }>;
}

/** Every member of the matrix's teams, once, with all their teams (a person may be in two). */
export function matrixAgents(matrix: MatrixDocument): Agent[] {
  const parties = new Map(matrix.parties.map((p) => [p.id, p.name]));
  const agents = new Map<string, Agent>();
  for (const team of matrix.teams) {
    for (const member of team.members) {
      const agent = agents.get(member) ?? { id: member, teams: [] };
      agent.teams.push({ id: team.id, name: team.name, party: parties.get(team.party) ?? team.party });
      agents.set(member, agent);
    }
  }
  return [...agents.values()];
}

/** Someone the weekly review is for: a coordinator team's member or an approver, and why. */
export interface Reviewer {
  id: string;
  roles: string[];
}

/**
 * The people the review page is for, in the matrix's order: members of governance.coordinators' teams,
 * and approvers (named, or members of an approver team), each once with every role they hold.
 * @example matrixReviewers(matrix) // [{id: 'agent-anna', roles: ['coordinator, Service Desk']}, …, {id: 'agent-carla', roles: ['approver for Contoso IT']}]
 */
export function matrixReviewers(matrix: MatrixDocument): Reviewer[] {
  const parties = new Map(matrix.parties.map((p) => [p.id, p.name]));
  const teams = new Map(matrix.teams.map((t) => [t.id, t]));
  const reviewers = new Map<string, Reviewer>();
  const add = (id: string, role: string) => {
    const r = reviewers.get(id) ?? { id, roles: [] };
    if (!r.roles.includes(role)) r.roles.push(role);
    reviewers.set(id, r);
  };
  for (const teamId of new Set(Object.values(matrix.governance.coordinators))) {
    const team = teams.get(teamId);
    for (const member of team?.members ?? []) add(member, `coordinator, ${team!.name}`);
  }
  for (const a of matrix.governance.approvers) {
    const team = a.team === undefined ? undefined : teams.get(a.team);
    const party = parties.get((team ? team.party : a.party) ?? '') ?? a.party ?? team?.party ?? '';
    for (const id of team ? team.members : a.id === undefined ? [] : [a.id]) add(id, `approver for ${party}`);
  }
  return [...reviewers.values()];
}

/** The review page's address for one agent. */
export const reviewHref = (agentId: string) => `review.html?${new URLSearchParams({ agent: agentId })}`;

/** The sidebar's address for one ticket and agent. */
export const sidebarHref = (ticketId: string, agentId: string) => `index.html?${new URLSearchParams({ ticket: ticketId, agent: agentId })}`;

const teamsText = (agent: Agent) => agent.teams.map((t) => `${t.name} (${t.party})`).join(', ');

function ticketRows(tickets: EscalationSummary[], agents: Agent[]): string {
  if (tickets.length === 0) return '<p data-test="no-tickets">No escalation yet: open the sidebar on a new ticket below and open one there.</p>';
  const rows = tickets.map((t) => {
    const links = agents.map((a) => `<a href="${h(sidebarHref(t.ticketId, a.id))}" title="${h(teamsText(a))}">${h(a.id)}</a>`).join(' ');
    const state = t.state === 'resolved' ? 'resolved' : t.breached ? 'breached' : t.paused ? 'paused' : 'open';
    return `<tr data-test="ticket-row" data-ticket="${h(t.ticketId)}"><td>${h(t.ticketId)}</td><td>${h(t.subject ?? '')}</td><td>${h(t.owner.team)} (${h(t.owner.party)})</td><td>${state}</td><td>${h(t.dueAt ? `${t.dueAt.slice(0, 16).replace('T', ' ')}` : '—')}</td><td class="as">${links}</td></tr>`;
  });
  return `<table><thead><tr><th>Ticket</th><th>Subject</th><th>Owner</th><th>State</th><th>Due (UTC)</th><th>Open as</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const PRIORITIES = ['1 Low', '2 Medium', '3 High', '4 Urgent'];
const IMPACTS = ['1 Low', '2 Medium', '3 High'];
const options = (labels: string[], selected: number) => labels.map((label, i) => `<option value="${i + 1}"${i + 1 === selected ? ' selected' : ''}>${label}</option>`).join('');

/**
 * The page, every piece of text escaped (ticket subjects are user text).
 * @example indexPage({ tenant: 'demo', tickets: [], agents: matrixAgents(matrix), categories: ['Network'] })
 */
export function indexPage(input: { tenant: string; tickets: EscalationSummary[]; agents: Agent[]; categories: string[]; reviewers?: Reviewer[]; notice?: string }): string {
  const reviewerRows = (input.reviewers ?? []).map((r) => `<li data-test="reviewer"><a href="${h(reviewHref(r.id))}">${h(r.id)}</a> — ${h(r.roles.join('; '))}</li>`).join('');
  const agentRows = input.agents.map((a) => `<tr data-test="agent-row"><td>${h(a.id)}</td><td>${h(teamsText(a))}</td></tr>`).join('');
  const agentOptions = input.agents.map((a) => `<option value="${h(a.id)}">${h(a.id)} — ${h(teamsText(a))}</option>`).join('');
  const categoryOptions = input.categories.map((c) => `<option value="${h(c)}"></option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Baton · local mode</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#12344d;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border-bottom:1px solid #dde3e8;padding:4px 10px;text-align:left;vertical-align:top}
td.as a{margin-right:6px;white-space:nowrap}form{display:grid;grid-template-columns:max-content 260px;gap:6px 12px;align-items:center}
.notice{background:#fff4e5;border-left:4px solid #e86f25;padding:8px 12px}
</style></head><body>
<h1>Baton — the Freshservice app in local mode</h1>
<p>Tenant <b>${h(input.tenant)}</b>: the FDK stand-in calls the API with its first key. Each link opens the sidebar as Freshservice would show it to that agent on that ticket.</p>
${input.notice ? `<p class="notice" data-test="notice">${h(input.notice)}</p>` : ''}
<h2>The weekly review and the matrix (full page)</h2>
${reviewerRows ? `<p>Open the co-managed ops review as one of the coordinators or approvers (only they may propose, approve or reject matrix changes):</p><ul data-test="reviewers">${reviewerRows}</ul>` : '<p>The matrix names no coordinators or approvers.</p>'}
<h2>Tickets with an escalation</h2>
${ticketRows(input.tickets, input.agents)}
<h2>Open the sidebar on a ticket</h2>
<form action="index.html" method="get" data-test="new-ticket">
<label for="ticket">Ticket id</label><input id="ticket" name="ticket" required pattern="[A-Za-z0-9_\\-]{1,64}" placeholder="e.g. 4521">
<label for="subject">Subject</label><input id="subject" name="subject" maxlength="500" placeholder="Branch VPN down">
<label for="priority">Priority</label><select id="priority" name="priority">${options(PRIORITIES, 4)}</select>
<label for="impact">Impact</label><select id="impact" name="impact">${options(IMPACTS, 3)}</select>
<label for="category">Category</label><input id="category" name="category" list="categories" value="Network" maxlength="100"><datalist id="categories">${categoryOptions}</datalist>
<label for="agent">Agent</label><select id="agent" name="agent">${agentOptions}</select>
<span></span><button type="submit">Open the sidebar</button>
</form>
<h2>Agents (the matrix's team members)</h2>
<table><thead><tr><th>Agent</th><th>Teams (party)</th></tr></thead><tbody>${agentRows}</tbody></table>
</body></html>`;
}

/** A page that says what is wrong and links back to the index. */
export function problemPage(title: string, problems: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title></head>
<body style="font:14px system-ui,sans-serif;margin:24px;color:#12344d"><h1>${h(title)}</h1><ul data-test="problems">${problems.map((p) => `<li>${h(p)}</li>`).join('')}</ul>
<p><a href="/app/">Pick a ticket and an agent</a></p></body></html>`;
}
