// The review's example lists: the period's earliest, whatever order the week index hands its commits over in.
import { describe, expect, it } from 'vitest';
import type { EventOf, RecordedEvent, TeamRef } from '../../shared/escalation/events.js';
import { ReviewAccumulator } from '../../shared/kpi/review.js';
import { seededRandom } from '../../shared/seeded-random.js';

const WEEK = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' };
const desk: TeamRef = { team: 'service-desk', party: 'internal' };
const noc: TeamRef = { team: 'msp-noc', party: 'msp' };

/** A silent transfer of ticket T-<n> at minute `minute` of the week. */
const silent = (n: number, minute: number): RecordedEvent => {
  const event: EventOf<'ownership.silent-transfer'> = {
    type: 'ownership.silent-transfer', at: new Date(Date.parse(WEEK.from) + minute * 60_000).toISOString(), fromGroupId: 1, toGroupId: 2, toTeam: noc, owner: desk, notify: [desk],
  };
  return { ticketId: `T-${n}`, seq: 2, event };
};

function examplesOf(events: RecordedEvent[]): string[] {
  const review = new ReviewAccumulator(WEEK, () => undefined, 3);
  for (const e of events) review.add(e);
  return review.result().communicationFailures.silentTransfers.examples.map((x) => `${x.ticketId}@${x.at}`);
}

describe('the review’s examples', () => {
  it('are the earliest of the period by instant, then ticket, in any read order', () => {
    // Two at the same instant (T-2 and T-10: ticket order decides), the rest later or earlier.
    const events = [silent(5, 500), silent(2, 60), silent(10, 60), silent(7, 700), silent(1, 10), silent(9, 900)];
    const random = seededRandom(7).next;

    const inOrder = examplesOf(events);
    const shuffles = Array.from({ length: 20 }, () => examplesOf([...events].sort(() => random() - 0.5)));

    expect(inOrder).toEqual(['T-1@2026-11-30T00:10:00.000Z', 'T-10@2026-11-30T01:00:00.000Z', 'T-2@2026-11-30T01:00:00.000Z']);
    for (const shuffled of shuffles) expect(shuffled).toEqual(inOrder);
  });

  it('still count every event, not only the examples', () => {
    const review = new ReviewAccumulator(WEEK, () => undefined, 2);
    for (const e of [silent(1, 10), silent(2, 20), silent(3, 30)]) review.add(e);

    expect(review.result().communicationFailures.silentTransfers.count).toBe(3);
  });
});
