import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkApp } from '../../scripts/app/check.js';
import type { Finding } from '../../scripts/app/check/finding.js';
import { copyApp, editJson as editAppJson, ROOT } from './app-fixture.js';

let dir: string;

beforeEach(async () => {
  dir = await copyApp();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const editJson = (file: string, change: Parameters<typeof editAppJson>[2]) => editAppJson(dir, file, change);
const named = (findings: Finding[]) => findings.map((f) => `${f.file} ${f.rule}`);

describe('npm run app:check', () => {
  it('finds nothing to reject in the app as it ships', async () => {
    expect(await checkApp(dir)).toEqual([]);
  });

  it('names a template the manifest does not list, and a listed one that does not exist', async () => {
    await editJson('manifest.json', (m) => {
      delete m.modules.common.requests.pauseClock;
      m.modules.common.requests.getKpis = {};
    });

    expect(named(await checkApp(dir))).toEqual(['manifest.json request-not-in-manifest', 'manifest.json request-not-defined']);
  });

  it('insists on platform 3.0, its engines and no whitelisted domains', async () => {
    await editJson('manifest.json', (m) => {
      m['platform-version'] = '2.3';
      m['whitelisted-domains'] = ['https://baton.example.com'];
      m.engines = { node: '18.20.0', fdk: '9.3.0' };
    });

    expect(named(await checkApp(dir))).toEqual(['manifest.json platform-version', 'manifest.json whitelisted-domains', 'manifest.json engines', 'manifest.json engines']);
  });

  it('wants the icon as a 64×64 SVG', async () => {
    const icon = join(dir, 'app/styles/images/icon.svg');
    await writeFile(icon, (await readFile(icon, 'utf8')).replace('width="64" height="64"', 'width="128" height="128"'));

    expect(named(await checkApp(dir))).toEqual(['manifest.json icon', 'manifest.json icon', 'app/styles/images/icon.svg icon']);
  });

  it('names a location whose page is missing', async () => {
    await rm(join(dir, 'app/review.html'));

    expect(named(await checkApp(dir))).toEqual(['manifest.json location-file']);
  });

  it('refuses iparam types and keys platform 3.0 rejects', async () => {
    await editJson('config/iparams.json', (p) => {
      p.baton_host.type = 'domain';
      p.baton_api_key.type_attributes = { product: 'freshservice' };
      p.region = { display_name: 'Region', type: 'dropdown' };
    });

    expect(named(await checkApp(dir))).toEqual(['config/iparams.json iparam-type', 'config/iparams.json iparam-key', 'config/iparams.json iparam-options']);
  });

  it('keeps secure iparams in headers and context out of them', async () => {
    await editJson('config/requests.json', (r) => {
      r.getMatrix.schema.query = { key: '<%= iparam.baton_api_key %>' };
      r.getEscalation.schema.headers['X-Ticket'] = '<%= context.ticketId %>';
      r.getTimeline.schema.path = '/v1/<%= iparams.baton_host %>/timeline';
    });

    expect(named(await checkApp(dir))).toEqual([
      'config/requests.json secure-iparam-outside-headers',
      'config/requests.json context-placement',
      'config/requests.json template-placeholder',
    ]);
  });

  it('wants a bare https host, a path from "/", and retries within the platform’s bounds', async () => {
    await editJson('config/requests.json', (r) => {
      r.getMatrix.schema.host = 'https://baton.example.com/prod';
      r.getEscalation.schema.host = '10.0.0.7';
      r.getEscalation.schema.protocol = 'http';
      r.openEscalation.schema.path = 'v1/escalations';
      r.handOff.options = { maxAttempts: 6, retryDelay: 150 };
    });

    expect(named(await checkApp(dir))).toEqual([
      'config/requests.json template-host',
      'config/requests.json template-protocol',
      'config/requests.json template-host',
      'config/requests.json template-path',
      'config/requests.json template-max-attempts',
      'config/requests.json template-retry-delay',
    ]);
  });

  it('refuses eval, alert, debugger and direct network calls in the front end', async () => {
    await writeFile(
      join(dir, 'app/scripts/extra.js'),
      "'use strict';\neval('1');\nalert('hi');\ndebugger;\nfetch('https://baton.example.com');\nnew window.XMLHttpRequest();\n",
    );

    const findings = (await checkApp(dir)).filter((f) => f.file === 'app/scripts/extra.js');

    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['no-eval', 2],
      ['no-alert', 3],
      ['no-debugger', 4],
      ['no-non-client-request-model', 5],
      ['no-non-client-request-model', 6],
    ]);
  });

  it('refuses the unpkg CDN in a page', async () => {
    const page = join(dir, 'app/index.html');
    await writeFile(page, (await readFile(page, 'utf8')).replace('cdn.jsdelivr.net/npm/@freshworks/crayons@v4/css', 'unpkg.com/@freshworks/crayons@4/css'));

    expect(named(await checkApp(dir))).toEqual(['app/index.html no-unpkg']);
  });

  it('holds the server to the FDK’s rules: unused code, a missing handler, an undeclared package', async () => {
    const server = join(dir, 'server/server.js');
    const source = await readFile(server, 'utf8');
    await writeFile(server, `var unused = require('lodash');\nfunction noop() {}\n${source.replace('onTicketUpdateHandler:', 'onTicketChanged:')}`);

    expect(named(await checkApp(dir)).sort()).toEqual([
      'server/server.js event-handler',
      'server/server.js no-dependency-mismatch',
      'server/server.js no-empty-function',
      'server/server.js no-unused-vars',
      'server/server.js no-unused-vars',
    ]);
  });

  it('skips the unused-code rules on a minified file, as fdk validate does', async () => {
    await writeFile(join(dir, 'app/scripts/extra.js'), `(function(){var a=1;function b(){}${' '.repeat(600)}})();\n`);

    expect(await checkApp(dir)).toEqual([]);
  });

  it('exits 1 naming each finding by file, rule and message', async () => {
    await editJson('config/requests.json', (r) => {
      r.resolveEscalation.options.maxAttempts = 0;
    });

    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/app/check.ts', '--no-build', dir], { cwd: ROOT }, (error, out) => resolve({ code: error ? Number(error.code) : 0, stdout: out }));
    });

    expect(code).toBe(1);
    expect(stdout).toBe('config/requests.json  template-max-attempts  resolveEscalation: options.maxAttempts must be a whole number from 1 to 5 (got 0)\napp:check: 1 finding\n');
  });
});
