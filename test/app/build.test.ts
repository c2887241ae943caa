import { build } from 'esbuild';
import fc from 'fast-check';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildApp, buildReviewPage, reviewBundleSize, sidebarBuildOptions, sidebarBundleSize } from '../../scripts/app/build.js';
import { checkHandoffRecord } from '../../shared/handoff/schema.js';
import { isoWeekSchema } from '../../shared/kpi/week.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import { checkPause, checkReject } from '../../freshservice-app/src/small-forms.js';
import { T0, record } from '../fixtures/escalation.js';
import { testMatrixInput } from '../fixtures/matrix.js';

const PROBE = fileURLToPath(new URL('./fixtures/bundle-probe.ts', import.meta.url));

/** What the probe bundle exposes: the same functions as the native imports, built the sidebar's way. */
type Probe = { checkHandoffRecord: typeof checkHandoffRecord; matrixSchema: typeof matrixSchema; isoWeekSchema: typeof isoWeekSchema; checkPause: typeof checkPause; checkReject: typeof checkReject };

async function bundledProbe(): Promise<Probe> {
  const result = await build({ ...sidebarBuildOptions(PROBE), write: false });
  // A browser has URL (zod's url check uses it); a bare vm context does not.
  const sandbox: { probe?: Probe; URL: typeof URL } = { URL };
  runInNewContext(result.outputFiles[0]!.text, sandbox);
  return sandbox.probe!;
}

/** Compares across realms: JSON is what the sidebar shows anyway. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

/** What a parse tells its caller: the data, or the issues (zod/mini's error class is core's $ZodError, classic's ZodError). */
const outcome = (result: { success: boolean; data?: unknown; error?: { issues: unknown[] } }) => plain(result.success ? { data: result.data } : { issues: result.error?.issues });

describe('the sidebar bundle', () => {
  it('builds into one file and reports that file’s size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-sidebar-'));
    try {
      const { file, bytes } = await buildApp(join(dir, 'sidebar.js'));
      const text = await readFile(file, 'utf8');

      expect(bytes).toBe(Buffer.byteLength(text));
      expect(await sidebarBundleSize()).toBe(bytes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads in a page without the platform and says so in place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-sidebar-'));
    try {
      const { file } = await buildApp(join(dir, 'sidebar.js'));
      const root = { dataset: {} as Record<string, string>, replaced: [] as unknown[], replaceChildren(...nodes: unknown[]) { this.replaced = nodes; } };
      const element = () => ({ dataset: {} as Record<string, string>, textContent: '', className: '', append() {} });
      const sandbox = { document: { getElementById: () => root, createElement: element }, navigator: { language: 'en-GB' } };

      runInNewContext(await readFile(file, 'utf8'), sandbox);
      await new Promise((resolve) => setTimeout(resolve, 10));

      expect(root.dataset.phase).toBe('error');
      expect(root.replaced).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stays within the 100 KB target', async () => {
    expect(await sidebarBundleSize()).toBeLessThanOrEqual(100 * 1024);
  });

  it('validates a handoff with zod/mini exactly as the API does', async () => {
    const probe = await bundledProbe();
    const inputs: unknown[] = [
      record({ nextActionDueAt: '2026-12-01T10:00:00Z' }),
      {},
      { ...record(), evidence: [{ label: '', url: 'ftp://x' }], diagnosis: 'x'.repeat(3001), nextActionDueAt: 'tomorrow' },
      { ...record(), nextActionDueAt: '2026-11-29T10:00:00Z', extra: true },
      null,
    ];

    for (const input of inputs) expect(plain(probe.checkHandoffRecord(input, T0))).toEqual(plain(checkHandoffRecord(input, T0)));
  });

  it('gives every bad handoff field the message the API gives it', async () => {
    const probe = await bundledProbe();
    const text = fc.oneof(fc.constantFrom('', '   ', 'ok', ' padded ', 'x'.repeat(3001), 'bell\u0007', 'rtl\u202e', 42, null), fc.string());
    const link = fc.oneof(fc.constantFrom('https://logs.example.com/1', 'ftp://x', 'not a url', `https://x.example.com/${'a'.repeat(1000)}`, 7), fc.webUrl());
    const evidence = fc.oneof(fc.array(fc.record({ label: text, url: link }, { requiredKeys: ['url'] }), { maxLength: 7 }), fc.constantFrom('links', [{ label: 'a', url: 'https://a.example.com', extra: 1 }]));
    const dueAt = fc.constantFrom('2026-12-01T14:00:00Z', '2026-12-01T14:00:00+01:00', '2026-11-29T10:00:00Z', '2028-01-01T00:00:00Z', '2026-12-01', 'tomorrow', 0);
    const input = fc.record(
      { toTeam: text, diagnosis: text, actionsTaken: text, evidence, nextAction: text, nextActionDueAt: dueAt, unexpected: fc.constant(true) },
      { requiredKeys: [] },
    );

    fc.assert(
      fc.property(input, (body) => {
        expect(plain(probe.checkHandoffRecord(body, T0))).toEqual(plain(checkHandoffRecord(body, T0)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a matrix and the small forms with zod/mini exactly as the API does', async () => {
    const probe = await bundledProbe();
    const broken = { ...testMatrixInput, teams: [{ id: '', name: 'x', party: 'internal', calendar: 'always' }] };
    const everyCheck = {
      ...testMatrixInput,
      parties: [{ id: ' ', name: '' }],
      teams: [{ ...testMatrixInput.teams[0], freshserviceGroupId: -1.5, channels: { teams: 'ftp://x', other: 1 } }],
      calendars: [{ id: 'c', timezone: 'Mars/Olympus', weekly: { mon: ['18:00-08:00', '9-5'], someday: [] }, holidays: ['25/12/2026'] }, { id: 'd', timezone: 'UTC' }],
      slaPolicies: [{ id: 'p1', ackMinutes: 0, resolveMinutes: 1.5, calendar: 'always', warnAt: [0, 1] }],
      incidentTypes: [],
      impactTiers: ['1'],
      rules: [{ match: { incidentType: [], impactTier: 1.5 }, owner: 'service-desk', sla: 'p1', runbook: 'kb' }],
      governance: { coordinators: { internal: '' }, approvers: [{ id: 'x' }, { team: 't', party: 'msp' }] },
      ticketMapping: { priorityToTier: { urgent: 1 }, categoryToIncidentType: { ' ': 'network' } },
    };

    for (const input of [testMatrixInput, broken, everyCheck, {}, null]) expect(outcome(probe.matrixSchema.safeParse(input))).toEqual(outcome(matrixSchema.safeParse(input)));
    for (const week of ['2026-W53', '2027-W53', '2026-49', 49]) expect(outcome(probe.isoWeekSchema.safeParse(week))).toEqual(outcome(isoWeekSchema.safeParse(week)));
    expect(plain(probe.checkPause(''))).toEqual(plain(checkPause('')));
    expect(plain(probe.checkReject({ reason: 'nope', note: '\u202e' }))).toEqual(plain(checkReject({ reason: 'nope', note: '\u202e' })));
  });
});

describe('the review page’s bundle', () => {
  it('builds into its own file beside the sidebar’s, at the size it reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-review-'));
    try {
      const { file, bytes } = await buildReviewPage(join(dir, 'review.js'));

      expect(bytes).toBe(Buffer.byteLength(await readFile(file, 'utf8')));
      expect(await reviewBundleSize()).toBe(bytes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads in a page without the platform and says so in place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-review-'));
    try {
      const { file } = await buildReviewPage(join(dir, 'review.js'));
      const root = { dataset: {} as Record<string, string>, replaced: [] as Array<{ textContent: string; append(...n: unknown[]): void }>, replaceChildren(...nodes: never[]) { this.replaced = nodes; } };
      const texts: string[] = [];
      const element = () => ({ dataset: {} as Record<string, string>, className: '', set textContent(t: string) { texts.push(t); }, append() {} });
      const sandbox = { document: { getElementById: (id: string) => (id === 'review' ? root : null), createElement: element }, navigator: { language: 'en-GB' } };

      runInNewContext(await readFile(file, 'utf8'), sandbox);
      await new Promise((resolve) => setTimeout(resolve, 10));

      expect(root.dataset.phase).toBe('error');
      expect(texts).toEqual(['The Freshservice app client did not load; reload the page.']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
