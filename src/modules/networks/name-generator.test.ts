import { describe, expect, it } from 'vitest';
import { mixing, buildGraph } from '../../stats/network/index.ts';
import { MAX_CONTACTS, nameGeneratorNetwork } from './name-generator.ts';

describe('nameGeneratorNetwork', () => {
  const answers = [
    {
      respondent: 'resp-1',
      attributes: { ethnic_group: 'A' },
      contacts: [
        { relationship: 'neighbour', background: 'A' },
        { relationship: 'work', background: 'B' },
      ],
    },
    {
      respondent: 'resp-2',
      attributes: { ethnic_group: 'B' },
      contacts: [{ relationship: 'friend', background: null }],
    },
    { respondent: 'resp-3', attributes: { ethnic_group: 'B' }, contacts: [] },
  ];

  it('makes a star per respondent under codes only, with contacts’ backgrounds as the respondent sees them', () => {
    const n = nameGeneratorNetwork('k', answers, 'ethnic_group');
    expect(n.nodes).toHaveLength(6);
    expect(n.ties).toHaveLength(3);
    expect(JSON.stringify(n)).not.toContain('resp-');
    for (const node of n.nodes) expect(node.code).toMatch(/^R[0-9a-f]{10}$/);
    const g = buildGraph({ nodes: n.nodes.map((x) => x.code), ties: n.ties.map((t) => [t.from, t.to] as const) });
    const mix = mixing(
      g,
      n.nodes.map((x) => x.attributes.ethnic_group ?? null),
    );
    // resp-1–A contact within, resp-1–B contact across; resp-2's contact has no recorded background.
    expect([mix.ties, mix.crossTies, mix.skippedTies]).toEqual([2, 1, 1]);
  });

  it(`keeps at most ${MAX_CONTACTS} contacts per respondent`, () => {
    const many = Array.from({ length: 15 }, () => ({ relationship: null, background: 'A' }));
    const n = nameGeneratorNetwork('k', [{ respondent: 'r', attributes: {}, contacts: many }], 'ethnic_group');
    expect(n.ties).toHaveLength(MAX_CONTACTS);
  });
});
