import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMatrixText } from '../../shared/matrix/load.js';

const example = (ext: 'yaml' | 'json') => readFileSync(new URL(`../../examples/matrix.example.${ext}`, import.meta.url), 'utf8');

/** A valid matrix; each test changes one line of it. */
const yaml = `parties:
  - {id: internal, name: Contoso IT}
teams:
  - id: service-desk
    name: Service Desk
    party: internal
    calendar: always
calendars:
  - {id: always, timezone: UTC, alwaysOpen: true}
slaPolicies:
  - {id: p1, ackMinutes: 15, resolveMinutes: 240, calendar: always}
incidentTypes: [network]
impactTiers: [1]
rules:
  - match: {incidentType: network, impactTier: 1}
    owner: service-desk
    sla: p1
governance:
  coordinators: {internal: service-desk}
`;
const place = (text: string) => parseMatrixText(text).findings.map((f) => ({ code: f.code, path: f.path.join('.'), line: f.line, column: f.column }));

describe('loading a matrix document', () => {
  it('loads the YAML example with no findings', () => {
    const { document, findings } = parseMatrixText(example('yaml'));

    expect([document?.teams.length, findings]).toEqual([4, []]);
  });

  it('loads the JSON example as the same matrix as the YAML one', () => {
    const json = parseMatrixText(example('json'));

    expect(json.findings).toEqual([]);
    expect(json.document).toEqual(parseMatrixText(example('yaml')).document);
  });

  it('places a YAML syntax error at its line and column', () => {
    const result = parseMatrixText(yaml.replace('incidentTypes: [network]', 'incidentTypes: [network'));

    expect(result.document).toBeUndefined();
    expect(result.findings).toMatchObject([{ severity: 'error', code: 'schema', line: 13, column: 1 }]);
    expect(result.findings[0]?.message).toMatch(/^YAML syntax: /);
  });

  it('places a schema error on the offending value', () => {
    expect(place(yaml.replace('timezone: UTC', 'timezone: Mars/Olympus'))).toEqual([{ code: 'schema', path: 'calendars.0.timezone', line: 9, column: 28 }]);
  });

  it('places an unknown key on the key itself', () => {
    expect(place(yaml.replace('    calendar: always\n', '    calendar: always\n    colour: blue\n'))).toEqual([{ code: 'schema', path: 'teams.0', line: 8, column: 5 }]);
  });

  it('reports a missing field where its parent starts, naming the field', () => {
    const { findings } = parseMatrixText(yaml.replace('    sla: p1\n', ''));

    expect(findings).toMatchObject([{ code: 'schema', path: ['rules', 0, 'sla'], line: 15, column: 5, message: 'rules.0.sla is missing (expected string).' }]);
  });

  it('places a lint finding on the field its path names', () => {
    expect(place(yaml.replace('owner: service-desk', 'owner: service-dsk'))).toEqual([{ code: 'unknown-reference', path: 'rules.0.owner', line: 16, column: 12 }]);
  });

  it('returns the document along with a lint error so a caller can still inspect it', () => {
    const { document, findings } = parseMatrixText(yaml.replace('owner: service-desk', 'owner: service-dsk'));

    expect([document?.rules[0]?.owner, findings.map((f) => [f.severity, f.code])]).toEqual(['service-dsk', [['error', 'unknown-reference']]]);
  });

  it('returns a gap as a risk, with the document to activate, placed on the rules', () => {
    const { document, findings } = parseMatrixText(yaml.replace('impactTiers: [1]', 'impactTiers: [1, 2]'));

    expect(document?.impactTiers).toEqual([1, 2]);
    expect(findings).toMatchObject([{ severity: 'risk', code: 'gap', line: 15, column: 3 }]);
  });

  it('returns a conflict as a risk placed on the later of the two rules', () => {
    const second = '  - match: {incidentType: network, impactTier: 1}\n    owner: service-desk\n    sla: p2\n';
    const text = yaml.replace('slaPolicies:\n', 'slaPolicies:\n  - {id: p2, ackMinutes: 30, resolveMinutes: 480, calendar: always}\n').replace('governance:', `${second}governance:`);

    expect(parseMatrixText(text).findings).toMatchObject([{ severity: 'risk', code: 'conflict', path: ['rules', 1], line: 19, column: 5 }]);
  });
});
