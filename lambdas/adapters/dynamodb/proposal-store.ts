/**
 * ProposalStore on DynamoDB: one item per proposal beside the tenant's matrix versions
 * (`T#<tenant>#MATRIX` / `P#<id>`), each write conditional on the revision it replaces.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { storedProposalSchema, type ProposalStatus, type ProposalStore, type StoredProposal } from '../../app/governance/proposal.js';
import { storeCall } from './errors.js';
import { jsonAttribute, readItem } from './read-item.js';
import { keys } from './table.js';

const IS_NEW = 'attribute_not_exists(sk)';
const SAME_REVISION = 'rev = :rev';

const proposalItemSchema = z.object({ proposal: jsonAttribute(storedProposalSchema) });

export class DynamoDbProposalStore implements ProposalStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(tenant: string, proposal: StoredProposal) {
    return { pk: keys.matrix(tenant), sk: keys.proposal(proposal.id), rev: proposal.rev, status: proposal.status, proposal: JSON.stringify(proposal) };
  }

  async create(tenant: string, proposal: StoredProposal): Promise<void> {
    await storeCall('store proposal', () => this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(tenant, proposal), ConditionExpression: IS_NEW })));
  }

  async get(tenant: string, id: string): Promise<StoredProposal | null> {
    return storeCall('read proposal', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.matrix(tenant), sk: keys.proposal(id) }, ConsistentRead: true }));
      return Item ? readItem(proposalItemSchema, Item).proposal : null;
    });
  }

  async replace(tenant: string, next: StoredProposal): Promise<void> {
    await storeCall('update proposal', () =>
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: this.item(tenant, next), ConditionExpression: SAME_REVISION, ExpressionAttributeValues: { ':rev': next.rev - 1 } }),
      ),
    );
  }

  async listOpen(tenant: string): Promise<StoredProposal[]> {
    return this.list(tenant, ['open', 'approved'], { newestFirst: false });
  }

  async listClosed(tenant: string, limit: number): Promise<StoredProposal[]> {
    return this.list(tenant, ['activated', 'rejected', 'stale'], { newestFirst: true, limit });
  }

  /** The tenant's proposals in these statuses, by id (ids sort by creation), up to `limit`. */
  private async list(tenant: string, statuses: readonly ProposalStatus[], { newestFirst, limit = Infinity }: { newestFirst: boolean; limit?: number }): Promise<StoredProposal[]> {
    const proposals: StoredProposal[] = [];
    const names = statuses.map((_, i) => `:s${i}`);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await storeCall('list proposals', () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            FilterExpression: `#status IN (${names.join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pk': keys.matrix(tenant), ':prefix': keys.proposal(''), ...Object.fromEntries(statuses.map((status, i) => [names[i], status])) },
            ConsistentRead: true,
            ScanIndexForward: !newestFirst,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      proposals.push(...(page.Items ?? []).map((item) => readItem(proposalItemSchema, item).proposal));
      startKey = page.LastEvaluatedKey;
    } while (startKey && proposals.length < limit);
    return proposals.slice(0, limit);
  }
}
