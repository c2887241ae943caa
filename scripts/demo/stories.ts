/**
 * The kinds of escalation the demo plays on the example matrix (examples/matrix.example.yaml), each a short
 * story of who does what, minutes after it was opened. The friction the review should find is in them:
 * server incidents below tier 1 go to MSP Second Line, which hands them to internal Infrastructure (late
 * acknowledgements, records sent back, silent queue moves, breaches) until the matrix gives them to
 * Infrastructure; VIP devices bounce from the Service Desk to MSP Second Line throughout.
 */
import type { Random } from '../../shared/seeded-random.js';

/** The example matrix's people and agent groups the stories use. */
export const PEOPLE = {
  serviceDesk: ['agent-anna', 'agent-ben'],
  infrastructure: ['agent-ivan', 'agent-carla'],
  noc: ['agent-nick', 'agent-lee'],
  l2: ['agent-mia', 'agent-lee'],
} as const;
export const GROUPS = { infrastructure: 1002, l2: 2002 } as const;

export interface PlannedRecord {
  diagnosis: string;
  actionsTaken: string;
  evidence: Array<{ label: string; url: string }>;
  nextAction: string;
  /** The next action's deadline, minutes after the handoff. */
  dueInMinutes: number;
}

export type Act =
  | { kind: 'open'; incidentType: string; impactTier: number; subject: string; actor: string }
  | { kind: 'handoff'; toTeam: string; actor: string; record: PlannedRecord }
  | { kind: 'acknowledge'; actor: string }
  | { kind: 'reject'; actor: string; reason: 'missing-information' | 'not-our-scope' | 'other'; note: string; missingFields?: Array<'diagnosis' | 'actionsTaken' | 'evidence' | 'nextAction' | 'nextActionDueAt'> }
  | { kind: 'group-change'; from: number; to: number }
  | { kind: 'resolve'; actor: string; resolution: string };

/** A story: what is opened, then each act at its minute after the opening (increasing). */
export interface Story {
  kind: string;
  /** What is opened, and by whom. */
  open: Extract<Act, { kind: 'open' }>;
  acts: Array<{ minute: number; act: Act }>;
}

/** Builds the acts from gaps: each act's minute is the previous one's plus its gap. */
function timeline(steps: Array<[gap: number, act: Act]>): Story['acts'] {
  let minute = 0;
  return steps.map(([gap, act]) => ({ minute: (minute += gap), act }));
}

const evidence = (ticketHint: string) => [{ label: 'Monitoring graph', url: `https://monitoring.example.com/${ticketHint}` }];

function record(r: Random, diagnosis: string, actionsTaken: string, nextAction: string, hint: string): PlannedRecord {
  return { diagnosis, actionsTaken, evidence: evidence(hint), nextAction, dueInMinutes: r.int(120, 300) };
}

const SERVERS = ['File server FS02 almost out of disk', 'Print server spooler keeps stopping', 'SQL01 at 100 % CPU', 'Backup job failing on NAS01', 'Domain controller replication lagging', 'Hyper-V host HV03 short of memory'];

/**
 * A server incident of tier 2 or 3. Before the change the matrix gives it to MSP Second Line, who do not
 * run Contoso's servers: they hand it to Infrastructure (or the service desk moves the ticket's queue
 * without a handoff), Infrastructure sends some records back, acknowledges late, and resolves after the
 * clock ran on. After the change Infrastructure owns it from the start.
 */
export function serverIncident(r: Random, afterChange: boolean): Story {
  const subject = r.pick(SERVERS);
  const open = { kind: 'open' as const, incidentType: 'server', impactTier: r.int(2, 3), subject, actor: r.pick(PEOPLE.serviceDesk) };
  const infra = r.pick(PEOPLE.infrastructure);
  if (afterChange) {
    if (r.chance(0.15)) {
      const l2 = r.pick(PEOPLE.l2);
      return {
        kind: 'server, owned by Infrastructure, hardware to MSP Second Line',
        open,
        acts: timeline([
          [r.int(60, 120), { kind: 'handoff', toTeam: 'msp-l2', actor: infra, record: record(r, 'Failed disk in the RAID set', 'Rebuilt the array on the hot spare', 'Replace the failed disk (vendor contract)', 'raid') }],
          [r.int(5, 20), { kind: 'acknowledge', actor: l2 }],
          [r.int(90, 200), { kind: 'resolve', actor: l2, resolution: 'Disk replaced; array healthy' }],
        ]),
      };
    }
    return { kind: 'server, owned by Infrastructure', open, acts: timeline([[r.int(120, 400), { kind: 'resolve', actor: infra, resolution: 'Fixed on the server; monitoring green' }]]) };
  }
  const l2 = r.pick(PEOPLE.l2);
  const handoff = (complete: boolean): Act => ({
    kind: 'handoff',
    toTeam: 'infrastructure',
    actor: l2,
    record: record(r, `${subject}: the host is Contoso's, MSP tooling has no agent on it`, complete ? 'Checked our monitoring, collected the event log' : 'Checked our monitoring', 'Infrastructure to fix it on the host', 'srv'),
  });
  if (r.chance(0.25)) {
    // The service desk moves the ticket to Infrastructure's queue in Freshservice: no handoff, no record.
    return {
      kind: 'server, moved silently to Infrastructure',
      open,
      acts: timeline([
        [r.int(40, 90), { kind: 'group-change', from: GROUPS.l2, to: GROUPS.infrastructure }],
        [r.int(300, 480), { kind: 'resolve', actor: r.pick(PEOPLE.serviceDesk), resolution: 'Infrastructure fixed it (ticket moved to their queue)' }],
      ]),
    };
  }
  const steps: Array<[number, Act]> = [[r.int(20, 60), handoff(false)]];
  if (r.chance(0.35)) {
    steps.push(
      [r.int(15, 40), { kind: 'reject', actor: infra, reason: 'missing-information', note: 'No event log or error attached; we cannot start from this', missingFields: ['evidence'] }],
      [r.int(30, 60), handoff(true)],
    );
  }
  steps.push([r.int(10, 55), { kind: 'acknowledge', actor: infra }], [r.int(330, 520), { kind: 'resolve', actor: infra, resolution: 'Fixed on the host' }]);
  return { kind: 'server, MSP Second Line to Infrastructure', open, acts: timeline(steps) };
}

/** A network outage (tier 1–2): the NOC's, sometimes handed to Infrastructure for the core switch. */
export function networkOutage(r: Random): Story {
  const nick = r.pick(PEOPLE.noc);
  const open = { kind: 'open' as const, incidentType: 'network', impactTier: r.int(1, 2), subject: r.pick(['Branch VPN down', 'Warehouse Wi-Fi dropping', 'WAN link to Leeds flapping']), actor: nick };
  if (r.chance(0.5)) {
    const infra = r.pick(PEOPLE.infrastructure);
    return {
      kind: 'network, NOC to Infrastructure',
      open,
      acts: timeline([
        [r.int(15, 45), { kind: 'handoff', toTeam: 'infrastructure', actor: nick, record: record(r, 'Tunnel up, no routes from the branch', 'Restarted the IPsec tunnel', 'Check the branch core switch', 'vpn') }],
        [r.int(4, 22), { kind: 'acknowledge', actor: infra }],
        [r.int(90, 200), { kind: 'resolve', actor: infra, resolution: 'Core switch port reset; routes back' }],
      ]),
    };
  }
  return { kind: 'network, NOC', open, acts: timeline([[r.int(60, 200), { kind: 'resolve', actor: nick, resolution: 'Carrier fixed the line' }]]) };
}

/** An application problem (tier 2–3): Infrastructure's; a quarter of them are pushed to the NOC, who send them back as not theirs. */
export function applicationProblem(r: Random): Story {
  const infra = r.pick(PEOPLE.infrastructure);
  const open = { kind: 'open' as const, incidentType: 'application', impactTier: r.int(2, 3), subject: r.pick(['ERP slow for the finance team', 'Intranet search returns nothing', 'Timesheet app logs users out']), actor: r.pick(PEOPLE.serviceDesk) };
  if (r.chance(0.25)) {
    return {
      kind: 'application, Infrastructure to the NOC and back',
      open,
      acts: timeline([
        [r.int(60, 120), { kind: 'handoff', toTeam: 'msp-noc', actor: infra, record: record(r, 'Slow responses, maybe the WAN', 'Restarted the app pool', 'NOC to check latency to the data centre', 'app') }],
        [r.int(10, 30), { kind: 'reject', actor: r.pick(PEOPLE.noc), reason: 'not-our-scope', note: 'Latency is inside the application server, not on the network' }],
        [r.int(120, 360), { kind: 'resolve', actor: infra, resolution: 'Index rebuilt; response times normal' }],
      ]),
    };
  }
  return { kind: 'application, Infrastructure', open, acts: timeline([[r.int(120, 420), { kind: 'resolve', actor: infra, resolution: 'Configuration fixed' }]]) };
}

/**
 * A VIP's device (tier 1): the Service Desk's by the matrix, but the hardware is MSP Second Line's, so it is
 * handed over every time, often acknowledged late: friction the demo leaves for a reviewer to propose away.
 */
export function vipDevice(r: Random): Story {
  const desk = r.pick(PEOPLE.serviceDesk);
  const l2 = r.pick(PEOPLE.l2);
  const open = { kind: 'open' as const, incidentType: 'end-user-device', impactTier: 1, subject: r.pick(["CFO's laptop will not boot", "CEO's phone not syncing mail", 'Board room display dead before the meeting']), actor: desk };
  const handoff: Act = { kind: 'handoff', toTeam: 'msp-l2', actor: desk, record: record(r, 'Hardware fault, no POST', 'Tried a known-good charger and dock', 'Swap the device from MSP stock', 'vip') };
  const steps: Array<[number, Act]> = [[r.int(20, 40), handoff]];
  if (r.chance(0.15)) steps.push([r.int(10, 30), { kind: 'reject', actor: l2, reason: 'missing-information', note: 'Which model and asset tag?', missingFields: ['diagnosis'] }], [r.int(15, 30), handoff]);
  steps.push([r.int(10, 55), { kind: 'acknowledge', actor: l2 }], [r.int(330, 560), { kind: 'resolve', actor: l2, resolution: 'Device swapped and data restored' }]);
  return { kind: 'VIP device, Service Desk to MSP Second Line', open, acts: timeline(steps) };
}

/** An ordinary device (tier 3) the Service Desk fixes. */
export function ordinaryDevice(r: Random): Story {
  const desk = r.pick(PEOPLE.serviceDesk);
  return {
    kind: 'device, Service Desk',
    open: { kind: 'open', incidentType: 'end-user-device', impactTier: 3, subject: r.pick(['Laptop battery swelling', 'Docking station not detected', 'Keyboard spilled on']), actor: desk },
    acts: timeline([[r.int(60, 300), { kind: 'resolve', actor: desk, resolution: 'Replaced' }]]),
  };
}

/** A security incident (tier 2): Infrastructure's, handled fast. */
export function securityIncident(r: Random): Story {
  const infra = r.pick(PEOPLE.infrastructure);
  return {
    kind: 'security, Infrastructure',
    open: { kind: 'open', incidentType: 'security', impactTier: 2, subject: r.pick(['Phishing mail clicked in sales', 'Impossible-travel sign-in alert']), actor: r.pick(PEOPLE.serviceDesk) },
    acts: timeline([[r.int(90, 220), { kind: 'resolve', actor: infra, resolution: 'Contained; password reset and sessions revoked' }]]),
  };
}

/** A week's mix: the kind of escalation, how many, and the latest local hour it is opened at. */
export const WEEKLY_MIX: ReadonlyArray<{ make: (r: Random, afterChange: boolean) => Story; count: number; latestHour: number }> = [
  { make: serverIncident, count: 4, latestHour: 10.5 },
  { make: networkOutage, count: 2, latestHour: 15 },
  { make: applicationProblem, count: 2, latestHour: 13 },
  { make: vipDevice, count: 2, latestHour: 11.5 },
  { make: ordinaryDevice, count: 1, latestHour: 14 },
  { make: securityIncident, count: 1, latestHour: 14 },
];
