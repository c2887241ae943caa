/**
 * The weekly digest over HTTP and on the Monday schedule, against recording Slack and Teams servers: the
 * review week (2026-W49, its figures hand-computed in report.weekly.test.ts as of Tuesday; by the Monday after,
 * 4524's handoff to msp-l2 also fell overdue (ambiguity 5) and 4524 breached too, at tier 3, so 4521 at tier 1
 * stays the worst) posted once to both coordinator
 * teams' channels at Monday 08:30, field by field; asked again it posts nothing; a failed channel is tried
 * again on the next tick without posting twice to the others; concurrent requests post once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestOutcome } from '../../lambdas/app/reports/digest.js';
import { hashApiKey } from '../../lambdas/http/auth.js';
import { exampleMatrix, KEYS, START, startTestBaton, type ErrorAnswer, type TestBaton } from '../support/baton.js';
import { recordingServer, type Recorded } from '../support/recording-server.js';
import { at, ok, playReviewWeek, reviewMatrix } from '../support/report-scenario.js';

const slack = recordingServer({ body: { ok: true, ts: '1.2' } });
const teams = recordingServer({ status: 202 });
let h: TestBaton;
const MSP_KEY = 'acme-msp-party-key-0123456789';

type SlackBody = { channel: string; text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; fields?: Array<{ text: string }>; elements?: Array<Record<string, unknown>> }> };
type TeamsCard = { body: Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }>; color?: string }>; actions: Array<{ type: string; title: string; url: string }> };

/** The digests among everything the channels received (escalation notices go there too). */
const slackDigests = (week: string) => slack.requests.map((r) => r.body as SlackBody).filter((b) => b.blocks[0]?.type === 'header' && b.blocks[0].text?.text.endsWith(week));
const teamsDigests = (week: string): Array<{ url: string; card: TeamsCard }> =>
  teams.requests
    .map((r: Recorded) => ({ url: r.url, card: (r.body as { attachments: Array<{ content: TeamsCard }> }).attachments[0]!.content }))
    .filter(({ card }) => card.body[0]?.text?.endsWith(week) === true && card.body[0].text.startsWith('Weekly'));

beforeAll(async () => {
  const [slackUrl, teamsUrl] = [await slack.start(), await teams.start()];
  const matrix = await reviewMatrix(await exampleMatrix());
  const teamsList = (matrix.teams as Array<{ id: string; channels?: Record<string, string> }>).map((t) =>
    t.id === 'service-desk' ? { ...t, channels: { slack: '#it-service-desk', teams: `${teamsUrl}/hooks/service-desk` } } : t.id === 'msp-noc' ? { ...t, channels: { slack: '#acme-noc', teams: `${teamsUrl}/hooks/msp-noc` } } : t,
  );
  const governance = { ...(matrix.governance as object), digest: { time: '08:30', reviewUrl: 'https://contoso.freshservice.com/a/apps/baton-review' } };
  h = await startTestBaton({ matrix: { ...matrix, teams: teamsList, governance }, env: { BATON_API_KEYS: `acme:${KEYS.acme}`, BATON_SLACK_TOKEN: 'xoxb-test-token', BATON_SLACK_API_URL: `${slackUrl}/api` } });
  await playReviewWeek(h);
}, 60_000);
afterAll(async () => {
  await h.stop();
  await Promise.all([slack.stop(), teams.stop()]);
});

describe('the Monday schedule', () => {
  it('posts nothing before Monday 08:30 (London)', async () => {
    await at(h, '2026-12-07T08:29:00Z');

    expect(slackDigests('2026-W49')).toEqual([]);
    expect(teamsDigests('2026-W49')).toEqual([]);
  });

  it('posts the week that ended to both coordinator teams’ Slack channels at 08:30, in Block Kit', async () => {
    await at(h, '2026-12-07T08:30:00Z');

    const posted = slackDigests('2026-W49');
    expect(posted.map((b) => b.channel).sort()).toEqual(['#acme-noc', '#it-service-desk']);
    const [header, context, kpis, breach, actions] = posted[0]!.blocks;
    expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Weekly co-managed ops review: 2026-W49', emoji: false } });
    expect(context!.elements![0]!.text).toBe('Mon 30 Nov – Sun 6 Dec 2026 (Europe/London) · no baseline captured yet: against the previous 4 weeks');
    expect(kpis!.fields!.map((f) => f.text)).toEqual([
      '*Escalation SLA attainment*\n67 %\nContoso IT 50 % · Acme MSP 100 %',
      '*Handoff rework rate*\n50 %\nContoso IT 67 % · Acme MSP 0 %',
      '*Ownership ambiguity incidents*\n5\nNo rule matched 1 · Acknowledgement overdue 2 · Silent transfer 1 · Rejected as not our scope 1',
    ]);
    expect(breach!.text!.text).toBe(
      ':rotating_light: *Worst of 2 breaches:* #4521 Branch VPN down (network, tier 1), breached Mon 30 Nov, 13:00 under Infrastructure &amp; Applications (Contoso IT), resolved 30 min after the breach',
    );
    expect(actions).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the weekly review' }, url: 'https://contoso.freshservice.com/a/apps/baton-review', action_id: 'open-review' }] });
    expect(posted[0]!.text).toBe('Weekly co-managed ops review: 2026-W49: Escalation SLA attainment 67 %, Handoff rework rate 50 %, Ownership ambiguity incidents 5');
  });

  it('posts the same digest to both coordinator teams’ Teams webhooks as an Adaptive Card', () => {
    const posted = teamsDigests('2026-W49');
    expect(posted.map((p) => p.url).sort()).toEqual(['/hooks/msp-noc', '/hooks/service-desk']);
    const { card } = posted[0]!;
    expect(card.body[1]!.text).toBe('Mon 30 Nov – Sun 6 Dec 2026 (Europe/London) · no baseline captured yet: against the previous 4 weeks');
    expect(card.body[2]!.facts).toEqual([
      { title: 'Escalation SLA attainment', value: '67 % · Contoso IT 50 % · Acme MSP 100 %' },
      { title: 'Handoff rework rate', value: '50 % · Contoso IT 67 % · Acme MSP 0 %' },
      { title: 'Ownership ambiguity incidents', value: '5 · No rule matched 1 · Acknowledgement overdue 2 · Silent transfer 1 · Rejected as not our scope 1' },
    ]);
    expect(card.body[3]).toMatchObject({ color: 'Attention', text: expect.stringMatching(/^Worst of 2 breaches: #4521 .*resolved 30 min after the breach$/) as unknown });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the weekly review', url: 'https://contoso.freshservice.com/a/apps/baton-review' }]);
  });

  it('writes the digest into local mode’s notifications file too', async () => {
    const lines = await h.digests();
    expect(lines.filter((l) => l.digest.week === '2026-W49').map((l) => l.digest.breaches)).toEqual([2]);
  });

  it('posts it once: later ticks the same Monday post nothing more', async () => {
    await at(h, '2026-12-07T09:30:00Z');

    expect(slackDigests('2026-W49')).toHaveLength(2);
    expect(teamsDigests('2026-W49')).toHaveLength(2);
  });
});

describe('POST /v1/reports/weekly/digest', () => {
  it('answers the week’s digest as posted, and posts nothing again', async () => {
    const answer = await ok<DigestOutcome>(h, 200, 'POST', '/v1/reports/weekly/digest', {});

    expect(answer).toMatchObject({ week: '2026-W49', status: 'posted', sentNow: 0, trigger: 'schedule', createdAt: '2026-12-07T08:30:00.000Z' });
    expect(answer.deliveries.map((d) => `${d.team}:${d.channel}:${d.status}`).sort()).toEqual([
      '*:outbox-file:sent', 'msp-noc:slack:sent', 'msp-noc:teams:sent', 'service-desk:slack:sent', 'service-desk:teams:sent',
    ]);
    expect(JSON.stringify(answer)).not.toContain('/hooks/');
    expect(slackDigests('2026-W49')).toHaveLength(2);
  });

  it('posts an earlier week once however many ask at the same time', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.call<DigestOutcome>('POST', '/v1/reports/weekly/digest', { week: '2026-W47' })));

    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 8 }, () => 200));
    expect(answers.reduce((sum, a) => sum + a.body.sentNow, 0)).toBe(5);
    expect(slackDigests('2026-W47')).toHaveLength(2);
    expect(teamsDigests('2026-W47')).toHaveLength(2);
    expect(slackDigests('2026-W47')[0]!.blocks[3]!.text!.text).toBe(':white_check_mark: No escalation breached its SLA this week.');
  });

  it('refuses a week that has not ended, by field', async () => {
    const answer = await h.call<ErrorAnswer>('POST', '/v1/reports/weekly/digest', { week: '2026-W50' });

    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ path: 'week', message: '2026-W50 ends 2026-12-14T00:00:00.000Z (Monday 00:00, Europe/London); a digest sums up a week that has ended' }]);
  });

  it('refuses a party key: the digest speaks for both parties', async () => {
    await h.baton.deps.tenants.register(hashApiKey(MSP_KEY), { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', at: START });

    const answer = await h.call<ErrorAnswer>('POST', '/v1/reports/weekly/digest', {}, { key: MSP_KEY });

    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toContain('posting the weekly digest needs a tenant key');
  });
});

describe('a channel that fails', () => {
  it('is tried again on the next tick, and only it', async () => {
    teams.answer({ status: 500 });
    await at(h, '2026-12-14T08:30:00Z');
    const first = await ok<DigestOutcome>(h, 200, 'POST', '/v1/reports/weekly/digest', { week: '2026-W50' });
    expect(first.status).toBe('retrying');
    expect(first.deliveries.filter((d) => d.channel === 'teams').map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ['failed', 2, 'Teams webhook answered 500'],
      ['failed', 2, 'Teams webhook answered 500'],
    ]);

    teams.answer({ status: 202 });
    await at(h, '2026-12-14T08:45:00Z');

    const after = await ok<DigestOutcome>(h, 200, 'POST', '/v1/reports/weekly/digest', { week: '2026-W50' });
    expect(after).toMatchObject({ status: 'posted', sentNow: 0 });
    expect(slackDigests('2026-W50')).toHaveLength(2);
    expect(teams.requests.filter((r) => JSON.stringify(r.body).includes('2026-W50'))).toHaveLength(6); // 2 failed twice each, then 2 sent
  });
});

