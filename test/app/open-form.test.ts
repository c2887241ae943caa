import { describe, expect, it } from 'vitest';
import { checkOpenDraft, openDefaults, openPreview } from '../../freshservice-app/src/open-form.js';
import { compileMatrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import { T0 } from '../fixtures/escalation.js';
import { testMatrix, testMatrixInput } from '../fixtures/matrix.js';

const mapped = compileMatrix(
  matrixSchema.parse({ ...testMatrixInput, ticketMapping: { priorityToTier: { '4': 1, '3': 2 }, categoryToIncidentType: { Network: 'network' } } }),
  'v2',
);

describe('opening an escalation from the sidebar', () => {
  it('prefills from the ticket through the matrix’s mapping and says from what', () => {
    expect(openDefaults(mapped, { priority: 4, category: 'Network' })).toEqual({
      draft: { incidentType: 'network', impactTier: '1' },
      note: 'Prefilled from the ticket: incident type from its category "Network"; impact tier from its priority 4 (urgent). Change them if they are wrong.',
    });
  });

  it('leaves the choice to the agent when nothing maps', () => {
    expect(openDefaults(testMatrix, { priority: 4 }).draft).toEqual({ incidentType: '', impactTier: '' });
  });

  it('shows the owner and SLA the matrix would choose before confirming', () => {
    expect(openPreview(testMatrix, { incidentType: 'network', impactTier: '1' }, T0)).toEqual({
      owner: 'Service Desk (Contoso IT)',
      sla: 'SLA p1: handoffs accepted within 15 min, resolved within 4 h of business time',
      runbook: 'https://kb.example.com/network',
      ambiguity: null,
    });
  });

  it('warns before confirming that a conflict goes to the fallback owner', () => {
    const preview = openPreview(testMatrix, { incidentType: 'application', impactTier: '1' }, T0);

    expect(preview?.owner).toBe('Service Desk (Contoso IT)');
    expect(preview?.ambiguity).toBe('Rules app-1-a and app-1-b both claim application at impact tier 1: the fallback owner takes it and an ownership-ambiguity incident is recorded.');
  });

  it('shows no preview until both values are chosen', () => {
    expect(openPreview(testMatrix, { incidentType: 'network', impactTier: '' }, T0)).toBeNull();
  });

  it('refuses a draft with the API’s messages, and accepts a complete one', () => {
    expect(checkOpenDraft({ incidentType: '', impactTier: '' }, testMatrix, T0)).toEqual({
      ok: false,
      fields: [
        { path: 'incidentType', message: 'Incident type is required' },
        { path: 'impactTier', message: 'Impact tier must be one of: 1, 2, 3' },
      ],
    });
    expect(checkOpenDraft({ incidentType: 'server', impactTier: '2' }, testMatrix, T0)).toEqual({ ok: true, incidentType: 'server', impactTier: 2 });
  });
});
