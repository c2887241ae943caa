/** The table on AWS is the one local mode and the tests create: same keys and indexes, made durable. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE, tableDefinition } from '../../lambdas/adapters/dynamodb/table.js';
import { logicalId, synthBaton } from '../support/cdk.js';

const { template } = synthBaton();
const definition = tableDefinition('unused');

describe('the data table', () => {
  it('has the key schema, attributes and indexes of tableDefinition', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: definition.KeySchema,
      AttributeDefinitions: Match.arrayEquals(definition.AttributeDefinitions!),
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes!.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
      })),
    });
  });

  it('bills on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('keeps point-in-time recovery and deletion protection on its replica', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
    });
  });

  it('outlives the stack and a replacement', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('expires idempotency records by the attribute the idempotency store writes', () => {
    expect(TTL_ATTRIBUTE).toBe('ttl');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } });
  });

  it('is encrypted with the AWS-managed key', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS' } });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { SSESpecification: Match.not(Match.objectLike({ KMSMasterKeyId: Match.anyValue() })) });
  });

  it('has a stack output with its name', () => {
    template.hasOutput('TableName', { Value: { Ref: logicalId(template, 'AWS::DynamoDB::GlobalTable') } });
  });
});
