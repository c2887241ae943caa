import { describe, expect, it } from 'vitest';
import { lintMatrix } from '../../shared/matrix/lint.js';
import { parseMatrixText } from '../../shared/matrix/load.js';
import { matrixSchema, type MatrixDocument } from '../../shared/matrix/schema.js';
import { prefillFromTicket } from '../../shared/matrix/ticket-mapping.js';
import { testMatrixInput } from '../fixtures/matrix.js';

/** The test matrix with a ticket mapping (or another one given). */
function withMapping(ticketMapping: unknown = {
  impactToTier: { '3': 1, '2': 2 },
  priorityToTier: { '4': 1, '3': 2, '2': 3, '1': 3 },
  categoryToIncidentType: { Network: 'network', 'Server Hardware': 'server' },
}): MatrixDocument {
  return matrixSchema.parse({ ...testMatrixInput, ticketMapping });
}

describe('prefilling a new escalation from its Freshservice ticket', () => {
  it('takes the incident type from the category and the tier from the priority', () => {
    expect(prefillFromTicket(withMapping(), { priority: 4, category: 'Network' })).toEqual({
      incidentType: 'network',
      incidentTypeFrom: 'category "Network"',
      impactTier: 1,
      impactTierFrom: 'priority 4 (urgent)',
    });
  });

  it('prefers the impact over the priority when the impact is mapped', () => {
    const prefill = prefillFromTicket(withMapping(), { priority: 1, impact: 3 });

    expect([prefill.impactTier, prefill.impactTierFrom]).toEqual([1, 'impact 3 (high)']);
  });

  it('falls back to the priority when the ticket’s impact is not mapped', () => {
    const prefill = prefillFromTicket(withMapping(), { priority: 2, impact: 1 });

    expect([prefill.impactTier, prefill.impactTierFrom]).toEqual([3, 'priority 2 (medium)']);
  });

  it('reads levels the platform sends as strings', () => {
    expect(prefillFromTicket(withMapping(), { priority: ' 3 ' }).impactTier).toBe(2);
  });

  it('matches a category ignoring case and surrounding spaces when no exact key exists', () => {
    const prefill = prefillFromTicket(withMapping(), { category: '  server hardware ' });

    expect([prefill.incidentType, prefill.incidentTypeFrom]).toEqual(['server', 'category "server hardware"']);
  });

  it('guesses nothing for values the mapping does not name', () => {
    expect(prefillFromTicket(withMapping(), { priority: 7, impact: null, category: 'Printers' })).toEqual({
      incidentType: null,
      incidentTypeFrom: null,
      impactTier: null,
      impactTierFrom: null,
    });
  });

  it('does not read inherited properties as mappings', () => {
    expect(prefillFromTicket(withMapping(), { category: 'constructor' }).incidentType).toBeNull();
  });

  it('prefills nothing when the matrix declares no mapping', () => {
    const doc = matrixSchema.parse(testMatrixInput);

    expect(prefillFromTicket(doc, { priority: 4, impact: 3, category: 'Network' })).toEqual({
      incidentType: null,
      incidentTypeFrom: null,
      impactTier: null,
      impactTierFrom: null,
    });
  });
});

describe('the ticket mapping in the matrix document', () => {
  it('lints a mapping onto declared values as clean', () => {
    expect(lintMatrix(withMapping()).filter((f) => f.path[0] === 'ticketMapping')).toEqual([]);
  });

  it('refuses a mapped tier or incident type the matrix does not declare, naming where', () => {
    const findings = lintMatrix(withMapping({ priorityToTier: { '4': 9 }, categoryToIncidentType: { Printers: 'printing' } }));
    const mapped = findings.filter((f) => f.path[0] === 'ticketMapping');

    expect(mapped.map((f) => [f.severity, f.code, f.path.join('.')])).toEqual([
      ['error', 'unknown-value', 'ticketMapping.priorityToTier.4'],
      ['error', 'unknown-value', 'ticketMapping.categoryToIncidentType.Printers'],
    ]);
    expect(mapped[0]?.message).toContain('impact tier 9, which is not declared in impactTiers (1, 2, 3)');
    expect(mapped[1]?.message).toContain('"printing", which is not declared in incidentTypes');
  });

  it('refuses a key that is not a Freshservice level, and unknown mapping fields', () => {
    const bad = matrixSchema.safeParse({ ...testMatrixInput, ticketMapping: { priorityToTier: { urgent: 1 }, urgencyToTier: {} } });

    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.code).sort()).toEqual(['invalid_key', 'unrecognized_keys']);
  });

  it('places a bad mapping at its line in a YAML file', () => {
    const text = `${JSON.stringify({ ...testMatrixInput, rules: testMatrixInput.rules.slice(0, 3) }, null, 2).slice(0, -2)},
  "ticketMapping": {
    "categoryToIncidentType": {"Printers": "printing"}
  }
}`;
    const finding = parseMatrixText(text).findings.find((f) => f.path[0] === 'ticketMapping');

    expect(finding && [finding.code, text.split('\n')[(finding.line ?? 0) - 1]?.trim()]).toEqual(['unknown-value', '"categoryToIncidentType": {"Printers": "printing"}']);
  });
});
