import { describe, expect, it } from 'vitest';
import { timelineRows } from '../../freshservice-app/src/timeline.js';
import type { TimelineEntry } from '../../shared/escalation/view.js';
import { ack, at, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';
import { people, testMatrix } from '../fixtures/matrix.js';
import { viewAfter } from './views.js';

const reader = { zone: 'Europe/London', locale: 'en-GB', now: at(0) };
const via = { key: 'key_1a2b3c4d', scope: 'tenant' };

describe('the timeline', () => {
  it('lists who did what, when and through which key, newest first, with the matrix version that decided', () => {
    const view = viewAfter(30, [0, openNetworkP1()], [5, handoffTo('msp-noc', { ...people.anna, via })], [12, ack('h1')]);
    const rows = timelineRows(view.timeline, testMatrix, reader, false);

    expect(rows.map((r) => [r.what, r.who, r.when, r.via, r.matrix])).toEqual([
      ['MSP NOC accepted handoff h1 after 7 min', 'Nick', 'Mon 30 Nov, 10:12', null, null],
      ['Handoff h1 from Service Desk to MSP NOC', 'Anna', 'Mon 30 Nov, 10:05', 'via key_1a2b3c4d (tenant key)', null],
      ['Opened as network, impact tier 1: owned by Service Desk, SLA p1', 'Anna', 'Mon 30 Nov, 10:00', null, 'matrix v1'],
    ]);
  });

  it('names Baton as the actor of deadlines, and the party of a scoped key', () => {
    const view = viewAfter(40, [0, { ...openNetworkP1(), actor: { ...people.anna, via: { key: 'key_00000001', scope: 'party:internal' } } }], [5, handoffTo('msp-noc')], [30, { type: 'FireDeadline', deadline: { kind: 'ack-due', generation: 1, handoffId: 'h1' } }]);
    const rows = timelineRows(view.timeline, testMatrix, reader, false);

    expect(rows[0]).toMatchObject({ type: 'handoff.ack-overdue', who: 'Baton', what: 'Handoff h1 to MSP NOC was not accepted in time' });
    expect(rows.at(-1)?.via).toBe('via key_00000001 (internal party key)');
  });

  it('leaves notifications out unless the settings ask for them', () => {
    const notified: TimelineEntry = { seq: 9, type: 'notification.failed', at: '2026-11-30T10:01:00Z', forSeq: 1, channel: 'slack', target: '#noc', error: 'channel_not_found', attempt: 2 };

    expect(timelineRows([notified], testMatrix, reader, false)).toEqual([]);
    expect(timelineRows([notified], testMatrix, reader, true)[0]?.what).toBe('Could not notify #noc (slack, attempt 2): channel_not_found');
  });

  it('shows rejections with their reason and note', () => {
    const view = viewAfter(20, [0, openNetworkP1()], [5, handoffTo('msp-noc')], [10, { type: 'RejectHandoff', handoffId: 'h1', reason: 'not-our-scope', note: 'Belongs to L2', actor: people.nick }]);

    expect(timelineRows(view.timeline, testMatrix, reader, false)[0]?.what).toBe('MSP NOC rejected handoff h1 (not our scope): Belongs to L2');
  });

  it('names an event kind it does not know instead of failing', () => {
    const future = { seq: 3, type: 'escalation.merged', at: '2026-11-30T10:01:00Z' } as unknown as TimelineEntry;

    expect(timelineRows([future], testMatrix, reader, false)[0]?.what).toBe('escalation.merged');
  });
});
