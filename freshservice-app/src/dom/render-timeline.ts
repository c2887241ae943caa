/** The timeline: one compact block per event, newest first, stacked so it reads at 300 px. */
import type { TimelineRow } from '../timeline.js';
import { button } from './fields.js';
import { h } from './h.js';

export function renderTimeline(rows: TimelineRow[], older: { available: boolean; busy: boolean; load: () => void }): HTMLElement {
  return h(
    'section',
    { class: 'timeline', 'data-test': 'timeline' },
    h('h2', {}, 'Timeline'),
    h(
      'ol',
      {},
      ...rows.map((r) =>
        h(
          'li',
          { 'data-test': 'timeline-entry', 'data-type': r.type, 'data-seq': r.seq },
          h('p', { class: 'timeline-what', 'data-test': 'timeline-what' }, r.what),
          h(
            'p',
            { class: 'muted' },
            h('span', { 'data-test': 'timeline-who' }, r.who),
            ' · ',
            h('span', { 'data-test': 'timeline-when' }, r.when),
            r.via && ' · ',
            r.via && h('span', { 'data-test': 'timeline-via' }, r.via),
            r.matrix && ' · ',
            r.matrix && h('span', { 'data-test': 'timeline-matrix' }, r.matrix),
          ),
        ),
      ),
    ),
    older.available && button('timeline-older', 'Show older events', older.load, { color: 'link', busy: older.busy }),
  );
}
