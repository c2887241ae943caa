import { describe, expect, it } from 'vitest';
import { readMatrix, teamZone } from '../../freshservice-app/src/matrix.js';
import { redactDocument } from '../../shared/matrix/redact.js';
import { testMatrixInput } from '../fixtures/matrix.js';

describe('the matrix in the sidebar', () => {
  it('reads the matrix GET /v1/matrix answers, secrets masked, with defaults applied', () => {
    const withChannel = { ...testMatrixInput, teams: testMatrixInput.teams.map((t, i) => (i === 0 ? { ...t, channels: { teams: 'https://user:pw@prod.example.com/workflows/1/invoke?api-version=1&sig=secret' } } : t)) };
    const read = readMatrix({ version: 7, matrix: redactDocument(withChannel) });

    expect(read.ok && [read.matrix.version, read.matrix.document.slaPolicies[1]?.warnAt, teamZone(read.matrix, 'infrastructure')]).toEqual(['v7', [0.75], 'Europe/London']);
  });

  it('says why a matrix cannot be used, naming its version', () => {
    expect(readMatrix({ version: 3, matrix: { parties: [] } })).toEqual({ ok: false, message: expect.stringMatching(/^The escalation matrix \(version 3\) could not be read: /) });
    expect(readMatrix({ version: 4, matrix: { ...testMatrixInput, rules: [{ match: {}, owner: 'nobody', sla: 'p1' }] } })).toEqual({
      ok: false,
      message: expect.stringMatching(/^The escalation matrix \(version 4\) cannot be evaluated: Matrix v4 has 1 bad reference/),
    });
  });
});
