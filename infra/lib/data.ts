/** Data: Baton's single DynamoDB table, keyed as `lambdas/adapters/dynamodb/table.ts` defines it. */
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TTL_ATTRIBUTE, tableDefinition } from '../../lambdas/adapters/dynamodb/table.js';
import { DEFAULTS } from './defaults.js';
import type { TableAccess } from './table-access.js';
import { tableSchema } from './table-schema.js';

export interface BatonDataProps {
  /** @default DEFAULTS.removalPolicy (RETAIN: the table is the audit trail) */
  readonly removalPolicy?: RemovalPolicy;
}

export class BatonData extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: BatonDataProps = {}) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      // The name is CloudFormation's (a stack output gives it): only the keys come from the definition.
      ...tableSchema(tableDefinition('unused')),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? DEFAULTS.removalPolicy,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryptionV2.awsManagedKey(),
    });
  }

  /** Exactly the actions and indexes given, never `grantReadWriteData` (which takes every index and more actions). */
  grant(grantee: IGrantable, access: TableAccess): void {
    const { tableArn } = this.table;
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...access.actions], resources: [tableArn] }));
    if (access.indexes.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: access.indexes.map((index) => `${tableArn}/index/${index}`) }),
      );
    }
  }
}
