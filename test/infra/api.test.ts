/** The HTTP API: exactly the routes the code serves on AWS, throttled, logged as JSON, each to the function its entry names. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { apiRouteKeys } from '../../lambdas/http/route-keys.js';
import { functionNamed, logicalId, synthBaton } from '../support/cdk.js';

const { template } = synthBaton();

describe('the HTTP API', () => {
  it('has one route per entry of the route list, and no other', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);

    expect(routes.sort()).toEqual(apiRouteKeys.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('never deploys the local dev clock', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('/v1/dev/');
  });

  it('sends the weekly review’s routes to the reports function and every other route to the api function, with the v2 payload', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const integrationOf = (role: 'api' | 'reports') => Object.keys(integrations).find((id) => JSON.stringify(integrations[id]!.Properties.IntegrationUri) === JSON.stringify({ 'Fn::GetAtt': [functionNamed(template, role).id, 'Arn'] }))!;
    for (const role of ['api', 'reports'] as const) {
      expect(integrations[integrationOf(role)]!.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    }
    const targetOf = Object.fromEntries(Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey as string, JSON.stringify(r.Properties.Target)]));
    const expected = (role: 'api' | 'reports') => JSON.stringify({ 'Fn::Join': ['', ['integrations/', { Ref: integrationOf(role) }]] });

    expect(apiRouteKeys.filter((r) => r.servedBy === 'reports').map((r) => r.path)).toContain('/v1/reports/weekly');
    for (const key of apiRouteKeys) expect(targetOf[`${key.method} ${key.path}`], `${key.method} ${key.path}`).toBe(expected(key.servedBy));
  });

  it('is an HTTP API without CORS (the Freshservice app calls it from its server side)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', CorsConfiguration: Match.absent() });
  });

  it('throttles its stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('writes one JSON access log line per request to a log group of its own', () => {
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties;
    const logGroup = (stage.AccessLogSettings.DestinationArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

    expect(JSON.parse(stage.AccessLogSettings.Format as string)).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey', latencyMs: '$context.responseLatency' });
    expect(template.toJSON().Resources[logGroup]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 } });
  });

  it('gives its URL as a stack output', () => {
    template.hasOutput('ApiUrl', { Value: { 'Fn::Join': ['', Match.arrayWith(['https://', { Ref: logicalId(template, 'AWS::ApiGatewayV2::Api') }])] } });
  });
});
