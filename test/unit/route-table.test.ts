import { describe, expect, it } from 'vitest';
import { loadRoute, ROUTE_TABLE } from '../../lambdas/http/route-table.js';

const keyOf = ({ method, path }: { method: string; path: string }) => `${method.toUpperCase()} ${path}`;

describe('the route table', () => {
  it('lists every route its modules define, each once', async () => {
    const modules = [...new Set(ROUTE_TABLE.map((line) => line.module))];

    const defined = (await Promise.all(modules.map(async (load) => (await load()).routes.map(({ route }) => keyOf(route))))).flat();

    expect(defined.sort()).toEqual(ROUTE_TABLE.map(keyOf).sort());
    expect(new Set(defined).size).toBe(defined.length);
  });

  it('names, on each line, the module that defines that route', async () => {
    const loaded = await Promise.all(ROUTE_TABLE.map(loadRoute));

    expect(loaded.map(({ route }) => keyOf(route))).toEqual(ROUTE_TABLE.map(keyOf));
  });

  it('refuses a line whose module does not define its route, naming the line', async () => {
    const line = { method: 'get' as const, path: '/v1/nowhere', module: ROUTE_TABLE[0]!.module };

    await expect(loadRoute(line)).rejects.toThrow('GET /v1/nowhere');
  });
});
