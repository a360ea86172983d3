/**
 * The demo council's network study: a fictional neighbourhood survey in one ward, about 150 respondents in
 * four circles (who mostly share a background, as in the RSA's Cranford mapping), a handful of people who
 * bridge them, and a few who named nobody. Deterministic (seeded); skipped when the council has a study.
 */
import { systemActor, type Council } from '../../kernel/actor.ts';
import { createRng, type Rng } from '../../stats/random.ts';
import type { StoredNode } from './model.ts';
import { pseudonym } from './parse.ts';
import type { NetworksServices } from './services/index.ts';

const CIRCLES = [
  {
    size: 45,
    groups: ['White British', 'White British', 'White British', 'Irish'],
    ages: ['35-64', '65+'],
    tenure: ['owner'],
  },
  {
    size: 40,
    groups: ['Pakistani', 'Pakistani', 'Bangladeshi'],
    ages: ['16-34', '35-64'],
    tenure: ['owner', 'social rent'],
  },
  { size: 30, groups: ['Polish', 'Polish', 'Romanian'], ages: ['16-34'], tenure: ['private rent'] },
  {
    size: 25,
    groups: ['Black Caribbean', 'White British', 'Mixed', 'Black African'],
    ages: ['16-34', '35-64'],
    tenure: ['social rent'],
  },
];
const BROKERS = 6;
const ISOLATES = 5;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)];

export function demoNetwork(seed = 2026) {
  const rng = createRng(seed);
  const nodes: StoredNode[] = [];
  const circleOf: number[] = [];
  const code = (i: number) => pseudonym('demo-network', `respondent-${i}`);
  CIRCLES.forEach((c, k) => {
    for (let i = 0; i < c.size; i++) {
      nodes.push({
        code: code(nodes.length),
        attributes: { ethnic_group: pick(rng, c.groups), age_band: pick(rng, c.ages), tenure: pick(rng, c.tenure) },
      });
      circleOf.push(k);
    }
  });
  const brokerStart = nodes.length;
  const brokerGroups = ['White British', 'Pakistani', 'Polish', 'Black Caribbean', 'Mixed', 'Indian'];
  for (let b = 0; b < BROKERS; b++) {
    nodes.push({
      code: code(nodes.length),
      attributes: { ethnic_group: brokerGroups[b], age_band: pick(rng, ['35-64', '65+']), tenure: 'owner' },
    });
    circleOf.push(-1);
  }
  for (let i = 0; i < ISOLATES; i++) {
    nodes.push({
      code: code(nodes.length),
      attributes: {
        ethnic_group: pick(rng, ['White British', 'Polish', 'Somali']),
        age_band: '65+',
        tenure: 'social rent',
      },
    });
    circleOf.push(-2);
  }
  const ties = new Map<string, { from: string; to: string; relationship: string | null }>();
  const tie = (u: number, v: number, relationship: string) => {
    if (u === v) return;
    const [a, b] = nodes[u].code < nodes[v].code ? [nodes[u].code, nodes[v].code] : [nodes[v].code, nodes[u].code];
    ties.set(`${a}:${b}`, { from: a, to: b, relationship });
  };
  for (let u = 0; u < brokerStart; u++)
    for (let v = u + 1; v < brokerStart; v++) {
      const same = circleOf[u] === circleOf[v];
      if (rng.next() < (same ? 0.14 : 0.003)) tie(u, v, same ? pick(rng, ['neighbour', 'friend', 'family']) : 'work');
    }
  // Brokers: each knows a few people in two or three circles (faith leaders, a shopkeeper, a school governor…).
  for (let b = 0; b < BROKERS; b++) {
    const u = brokerStart + b;
    const circles = [b % CIRCLES.length, (b + 1) % CIRCLES.length, ...(b % 2 ? [(b + 2) % CIRCLES.length] : [])];
    for (const k of circles) {
      const members = circleOf.flatMap((c, i) => (c === k ? [i] : []));
      for (let j = 0; j < 4; j++) tie(u, pick(rng, members), 'group member');
    }
  }
  return { nodes, ties: [...ties.values()], attributes: ['ethnic_group', 'age_band', 'tenure'] };
}

export async function seedNetworksDemo({ studies }: NetworksServices, council: Council): Promise<void> {
  if ((await studies.list(council)).length > 0) return;
  const actor = systemActor(council, 'demo');
  const wards = await studies.wards(council);
  const id = await studies.create(actor, {
    name: 'Neighbourhood ties survey 2026 (fictional)',
    areaCode: wards[0]?.code ?? null,
    description: 'Respondents named up to five people they turn to or meet regularly (fictional data).',
  });
  await studies.storeNetwork(actor, id, demoNetwork());
  // The same ward's network survey, answered online (the survey demo's name-generator question).
  const source = (await studies.surveySources(council)).find((s) => s.completed > 0);
  if (!source) return;
  const fromSurvey = await studies.create(actor, {
    name: 'Neighbourhood ties: online survey answers (fictional)',
    areaCode: wards[0]?.code ?? null,
    description: `Built from the name-generator answers of ${source.surveyName}, ${source.waveName} (fictional data).`,
  });
  await studies.fromSurvey(actor, fromSurvey, source.waveId, source.questionCode);
}
