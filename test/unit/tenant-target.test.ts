/** Where `npm run tenant` acts: a stage's table and secret prefix from the outputs file `npm run deploy` writes. */
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../scripts/tenant/target.js';

const OUTPUTS = JSON.stringify({
  'Baton-prod': {
    ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/',
    TableName: 'Baton-prod-DataTable1A2B3C-XYZ',
    FreshserviceSecretPrefix: 'baton/prod/freshservice/',
    ScheduleGroupName: 'baton-prod-deadlines',
  },
});
/** A file system holding only these files. */
const files = (contents: Record<string, string>) => async (path: string) => {
  if (contents[path] === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return contents[path];
};

describe('the target of a stage', () => {
  it("is the table, secret prefix and API of the stage's stack in .baton-aws/<stage>.outputs.json", async () => {
    const target = await resolveTarget({ stage: 'prod' }, files({ '.baton-aws/prod.outputs.json': OUTPUTS }));

    expect(target).toEqual({ tableName: 'Baton-prod-DataTable1A2B3C-XYZ', secretPrefix: 'baton/prod/freshservice/', apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/' });
  });

  it('takes --secret-prefix over the outputs', async () => {
    const target = await resolveTarget({ stage: 'prod', secretPrefix: 'other/' }, files({ '.baton-aws/prod.outputs.json': OUTPUTS }));

    expect(target.secretPrefix).toBe('other/');
  });

  it("refuses an outputs file without the stage's stack, saying how to write it", async () => {
    const refusal = resolveTarget({ stage: 'dev' }, files({ '.baton-aws/dev.outputs.json': OUTPUTS }));

    await expect(refusal).rejects.toThrow('.baton-aws/dev.outputs.json has no outputs of the stack Baton-dev');
    await expect(refusal).rejects.toThrow('deploy again (npm run deploy -- dev), or give --table <name>');
  });
});

describe('the target of --table', () => {
  it('is that table, with the prefix only if given, read from no file', async () => {
    expect(await resolveTarget({ table: 'baton' }, files({}))).toEqual({ tableName: 'baton', secretPrefix: null, apiUrl: null });
  });
});
