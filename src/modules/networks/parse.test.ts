import { describe, expect, it } from 'vitest';
import { parseNetwork, pseudonym } from './parse.ts';

const parse = (edges: string, nodes: string | null = null) =>
  parseNetwork('key', Buffer.from(edges), nodes === null ? null : Buffer.from(nodes));

describe('parseNetwork', () => {
  it('turns ids into keyed respondent codes: stable for a key, different across keys', () => {
    expect(pseudonym('k', 'ann')).toMatch(/^R[0-9a-f]{10}$/);
    expect(pseudonym('k', 'ann')).toBe(pseudonym('k', 'ann'));
    expect(pseudonym('k', 'ann')).not.toBe(pseudonym('other', 'ann'));
  });

  it('keeps ties undirected, dropping and counting repeats and self-ties', async () => {
    const r = await parse('from,to\na,b\nb,a\nb,b\nb,c\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.network.ties).toHaveLength(2);
    expect(r.network).toMatchObject({ duplicateTies: 1, selfTies: 1 });
    for (const t of r.network.ties) expect(t.from < t.to).toBe(true);
    expect(JSON.stringify(r.network)).not.toMatch(/"[abc]"/);
  });

  it('reports every bad row of both files with its line', async () => {
    const r = await parse(
      'from,to\na,b\na,\nx y,b\na,zz\n',
      'id,tenure\na,owner\nb,' + 'x'.repeat(61) + '\na,renter\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      'nodes:3',
      'nodes:4',
      'edges:3',
      'edges:4',
      'edges:5',
    ]);
  });

  it('refuses identifying columns, a missing id column and a file without from/to', async () => {
    for (const [edges, nodes, message] of [
      ['from,to\na,b\n', 'id,Email\na,x@y\n', 'remove email'],
      ['from,to\na,b\n', 'person,tenure\na,x\n', 'needs a column "id"'],
      ['source,target\na,b\n', null, 'columns "from" and "to"'],
      ['from,to\n', null, 'no ties'],
      ['from,to\n"a,b\n', null, 'edges.csv'],
    ] as const) {
      const r = await parse(edges, nodes);
      expect(r.ok, message).toBe(false);
      if (!r.ok) expect(r.problems[0].message).toContain(message);
    }
  });
});
