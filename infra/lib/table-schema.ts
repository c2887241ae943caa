/** The table's keys and indexes for TableV2, read from the definition local mode and the tests create (one source). */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { AttributeType, ProjectionType, type Attribute, type GlobalSecondaryIndexPropsV2 } from 'aws-cdk-lib/aws-dynamodb';

const TYPES = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY } as const;
const PROJECTIONS = { ALL: ProjectionType.ALL, KEYS_ONLY: ProjectionType.KEYS_ONLY, INCLUDE: ProjectionType.INCLUDE } as const;

export interface TableSchema {
  partitionKey: Attribute;
  sortKey?: Attribute;
  globalSecondaryIndexes: GlobalSecondaryIndexPropsV2[];
}

/**
 * @example new TableV2(this, 'Table', { ...tableSchema(tableDefinition('unused')), billing: Billing.onDemand() })
 */
export function tableSchema(definition: CreateTableCommandInput): TableSchema {
  const attribute = (name: string | undefined): Attribute => {
    const type = definition.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
    if (!name || !type) throw new Error(`The table definition does not declare the key attribute ${name ?? '(unnamed)'}`);
    return { name, type: TYPES[type] };
  };
  const keysOf = (schema: CreateTableCommandInput['KeySchema']) => {
    const sort = schema?.find((k) => k.KeyType === 'RANGE');
    return {
      partitionKey: attribute(schema?.find((k) => k.KeyType === 'HASH')?.AttributeName),
      ...(sort ? { sortKey: attribute(sort.AttributeName) } : {}),
    };
  };
  return {
    ...keysOf(definition.KeySchema),
    globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => {
      const projection = index.Projection?.ProjectionType ?? 'ALL';
      return {
        indexName: index.IndexName!,
        ...keysOf(index.KeySchema),
        projectionType: PROJECTIONS[projection],
        ...(projection === 'INCLUDE' ? { nonKeyAttributes: index.Projection?.NonKeyAttributes ?? [] } : {}),
      };
    }),
  };
}
