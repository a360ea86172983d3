import { describe, expect, it } from 'vitest';
import { createLinkRegistry, formatLinkRef, parseLinkRef, type LinkProvider, type LinkRef } from './links.ts';
import { systemActor, type Council } from './actor.ts';

const council: Council = { id: 'c1', slug: 'a', name: 'A', areaCode: null, isDemo: false, settings: {} };
const actor = systemActor(council);

function provider(kinds: string[], known: Record<string, string>, links: Record<string, LinkRef[]> = {}): LinkProvider {
  return {
    kinds,
    options: async (_a, kind) =>
      Object.entries(known)
        .filter(([k]) => k.startsWith(`${kind}:`))
        .map(([k, label]) => ({ kind, id: k.split(':')[1] ?? '', label, href: `/${k}` })),
    resolve: async (_a, refs) =>
      refs.flatMap((r) => {
        const label = known[formatLinkRef(r)];
        return label ? [{ ...r, label, href: `/${formatLinkRef(r)}` }] : [];
      }),
    backlinks: async (_a, ref) =>
      Object.entries(links)
        .filter(([, to]) => to.some((t) => t.kind === ref.kind && t.id === ref.id))
        .map(([from]) => ({ kind: kinds[0] ?? '', id: from, label: known[`${kinds[0]}:${from}`] ?? from, href: '/' })),
    actionsFrom: (_a, ref) =>
      ref.kind === 'plan.outcome' && kinds.includes('evaluation')
        ? [{ labelKey: 'x.start', href: `/new?link=${formatLinkRef(ref)}` }]
        : [],
  };
}

describe('link registry', () => {
  const registry = createLinkRegistry();
  registry.register(
    provider(['plan.outcome', 'plan.action'], { 'plan.outcome:o1': 'Belonging', 'plan.action:a1': 'Clubs' }),
  );
  registry.register(
    provider(['evaluation'], { 'evaluation:e1': 'Mixing' }, { e1: [{ kind: 'plan.outcome', id: 'o1' }] }),
  );

  it('resolves references across providers in input order, leaving out unknown kinds and records', async () => {
    const found = await registry.resolve(actor, [
      { kind: 'evaluation', id: 'e1' },
      { kind: 'nothing', id: 'x' },
      { kind: 'plan.action', id: 'a1' },
      { kind: 'plan.outcome', id: 'gone' },
      { kind: 'plan.outcome', id: 'o1' },
    ]);
    expect(found.map((t) => t.label)).toEqual(['Mixing', 'Clubs', 'Belonging']);
  });

  it('collects backlinks and actions from every provider', async () => {
    const ref = { kind: 'plan.outcome', id: 'o1' };
    expect((await registry.backlinks(actor, ref)).map((t) => t.id)).toEqual(['e1']);
    expect(registry.actionsFrom(actor, ref).map((a) => a.labelKey)).toEqual(['x.start']);
    expect(await registry.options(actor, 'unknown')).toEqual([]);
    expect(registry.kinds()).toEqual(['plan.outcome', 'plan.action', 'evaluation']);
  });

  it('refuses two providers for one kind', () => {
    expect(() => registry.register(provider(['evaluation'], {}))).toThrow(/two link providers/);
  });

  it('parses kind:id references and refuses anything else', () => {
    expect(parseLinkRef('plan.outcome:1f0c-22')).toEqual({ kind: 'plan.outcome', id: '1f0c-22' });
    expect(parseLinkRef('insight.gap:econ_inactive@E05000001')).toEqual({
      kind: 'insight.gap',
      id: 'econ_inactive@E05000001',
    });
    for (const bad of ['', 'x', ':1', 'a:', 'A:1', 'a:<script>', 'a:b:c', 'a:b c', undefined, null]) {
      expect(parseLinkRef(bad)).toBeNull();
    }
  });
});
