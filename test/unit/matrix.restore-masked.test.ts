import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.js';
import { redactDocument } from '../../shared/matrix/redact.js';
import { restoreMasked } from '../../shared/matrix/restore-masked.js';
import { matrixSchema, type MatrixDocument } from '../../shared/matrix/schema.js';
import { testMatrixInput } from '../fixtures/matrix.js';

const HOOK = 'https://hooks.example.com/workflows/1/invoke?api-version=2016-06-01&sig=s3cr3t&sp=run';
const RUNBOOK = 'https://svc:p4ss@kb.example.com/network';

/** The test matrix with a Teams channel on msp-noc and credentials in net-high's runbook: the active version. */
const active: MatrixDocument = matrixSchema.parse({
  ...testMatrixInput,
  teams: testMatrixInput.teams.map((t) => (t.id === 'msp-noc' ? { ...t, channels: { slack: '#noc', teams: HOOK } } : t)),
  rules: testMatrixInput.rules.map((r) => (r.id === 'net-high' ? { ...r, runbook: RUNBOOK } : r)),
});
/** What GET /v1/matrix shows of it, which is what a proposal starts from. */
const shown = () => matrixSchema.parse(redactDocument(active));

/** The ValidationError `run` throws, for its fields. */
function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('nothing was refused');
}

describe('restoring masked secrets in a proposed matrix', () => {
  it('gives each masked value the active value it masks, on the same team and rule', () => {
    const proposed = shown();
    proposed.rules[1]!.owner = 'msp-l2';

    const restored = restoreMasked(proposed, active);

    expect(restored.teams.find((t) => t.id === 'msp-noc')?.channels).toEqual({ slack: '#noc', teams: HOOK });
    expect(restored.rules[0]!.runbook).toBe(RUNBOOK);
    expect(restored.rules[1]!.owner).toBe('msp-l2');
  });

  it('pairs teams by id and rules as the diff does, wherever they moved in their lists', () => {
    const proposed = shown();
    proposed.teams.reverse();
    proposed.rules.reverse();

    const restored = restoreMasked(proposed, active);

    expect(restored.teams[0]!.id).toBe('msp-l2');
    expect(restored.teams.find((t) => t.id === 'msp-noc')?.channels?.teams).toBe(HOOK);
    expect(restored.rules.at(-1)).toMatchObject({ id: 'net-high', runbook: RUNBOOK });
  });

  it('keeps a new real value as given', () => {
    const proposed = shown();
    const hook = 'https://hooks.example.com/workflows/2/invoke?sig=n3w';
    proposed.teams.find((t) => t.id === 'msp-noc')!.channels!.teams = hook;

    expect(restoreMasked(proposed, active).teams.find((t) => t.id === 'msp-noc')?.channels?.teams).toBe(hook);
  });

  it('refuses a masked value with no active value behind it, by field, naming no secret', () => {
    const proposed = shown();
    proposed.teams.find((t) => t.id === 'msp-l2')!.channels = { teams: 'https://hooks.example.com/workflows/1/invoke?api-version=2016-06-01&sig=•••&sp=run' };

    const refused = refusal(() => restoreMasked(proposed, active));

    expect(refused.fields).toEqual([{ path: 'matrix.teams.3.channels.teams', message: 'The teams channel of team msp-l2 is masked (•••) but the active matrix has no value to keep; give the real value' }]);
    expect(JSON.stringify(refused.fields)).not.toContain('s3cr3t');
  });

  it('refuses a masked value whose visible part was changed: the secret belongs to another URL', () => {
    const proposed = shown();
    proposed.rules[0]!.runbook = 'https://•••@kb.example.com/network-v2';

    const refused = refusal(() => restoreMasked(proposed, active));

    expect(refused.fields).toEqual([{ path: 'matrix.rules.0.runbook', message: 'The runbook of rule net-high is masked (•••) and differs from the active value in more than its secret; give the real value' }]);
    expect(JSON.stringify(refused)).not.toContain('p4ss');
  });

  it('leaves a document without masks as it is', () => {
    expect(restoreMasked(active, active)).toEqual(active);
  });
});
