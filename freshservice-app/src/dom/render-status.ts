/** The status block. */
import type { StatusModel } from '../status.js';
import { h, link } from './h.js';

export function renderStatus(m: StatusModel): HTMLElement {
  return h(
    'section',
    { class: `status status-${m.state}`, 'data-test': 'status', 'data-state': m.state },
    h('p', { class: 'status-owner', 'data-test': 'status-owner' }, m.owner),
    h('p', { class: 'status-state', 'data-test': 'status-state' }, m.stateText),
    h('p', { class: 'status-clock', 'data-test': 'status-clock' }, m.clock),
    m.due && h('p', { 'data-test': 'status-due' }, m.due),
    m.dueOwner && h('p', { class: 'muted', 'data-test': 'status-due-owner' }, m.dueOwner),
    m.pausedReason && h('p', { 'data-test': 'status-paused-reason' }, m.pausedReason),
    m.pending && h('p', { class: 'status-pending', 'data-test': 'status-pending', 'data-overdue': String(m.pending.overdue) }, m.pending.text),
    h('p', { class: 'muted', 'data-test': 'status-classification' }, m.classification),
    m.runbook && h('p', {}, link(m.runbook, 'Runbook', 'status-runbook')),
  );
}
