/** The networks module's SQL. Every query is filtered by council. */
import type { Queryable } from '../../db/index.ts';
import type { StoredNode, StoredTie, Study, StudyInput } from './model.ts';

interface StudyRow {
  id: string;
  name: string;
  area_code: string | null;
  area_name: string | null;
  description: string;
  attributes: string[];
  nodes: number;
  ties: number;
  duplicate_ties: number;
  self_ties: number;
  imported_at: Date | string | null;
}

const STUDY = `select s.id, s.name, s.area_code, a.name as area_name, s.description, s.attributes,
       (select count(*)::int from network_nodes n where n.study_id = s.id) as nodes,
       (select count(*)::int from network_ties t where t.study_id = s.id) as ties,
       s.duplicate_ties, s.self_ties, s.imported_at
  from network_studies s left join areas a on a.code = s.area_code`;

const toStudy = (r: StudyRow): Study => ({
  id: r.id,
  name: r.name,
  areaCode: r.area_code,
  areaName: r.area_name,
  description: r.description,
  attributes: r.attributes,
  nodes: r.nodes,
  ties: r.ties,
  duplicateTies: r.duplicate_ties,
  selfTies: r.self_ties,
  importedAt: r.imported_at === null ? null : new Date(r.imported_at),
});

export async function listStudies(q: Queryable, councilId: string): Promise<Study[]> {
  return (
    await q.query<StudyRow>(`${STUDY} where s.council_id = $1 order by s.created_at desc, s.name`, [councilId])
  ).map(toStudy);
}

export async function findStudy(q: Queryable, councilId: string, id: string): Promise<Study | null> {
  const rows = await q.query<StudyRow>(`${STUDY} where s.council_id = $1 and s.id = $2`, [councilId, id]);
  return rows[0] ? toStudy(rows[0]) : null;
}

export async function studyByName(q: Queryable, councilId: string, name: string) {
  const rows = await q.query<{ id: string }>(
    'select id from network_studies where council_id = $1 and lower(name) = lower($2)',
    [councilId, name],
  );
  return rows[0]?.id ?? null;
}

export async function insertStudy(q: Queryable, councilId: string, input: StudyInput, key: string) {
  const rows = await q.query<{ id: string }>(
    `insert into network_studies (council_id, name, area_code, description, pseudonym_key)
     values ($1, $2, $3, $4, $5) returning id`,
    [councilId, input.name, input.areaCode, input.description, key],
  );
  return rows[0].id;
}

export async function pseudonymKey(q: Queryable, councilId: string, id: string) {
  const rows = await q.query<{ pseudonym_key: string }>(
    'select pseudonym_key from network_studies where council_id = $1 and id = $2',
    [councilId, id],
  );
  return rows[0]?.pseudonym_key ?? null;
}

/** Replaces the study's nodes and ties. */
export async function replaceNetwork(
  q: Queryable,
  councilId: string,
  studyId: string,
  network: { nodes: readonly StoredNode[]; ties: readonly StoredTie[]; attributes: readonly string[] },
  dropped: { duplicateTies: number; selfTies: number },
) {
  await q.query('delete from network_nodes where council_id = $1 and study_id = $2', [councilId, studyId]);
  const CHUNK = 1000;
  for (let i = 0; i < network.nodes.length; i += CHUNK) {
    const part = network.nodes.slice(i, i + CHUNK);
    await q.query(
      `insert into network_nodes (study_id, council_id, code, attributes)
       select $1, $2, c, a::jsonb from unnest($3::text[], $4::text[]) as u(c, a)`,
      [studyId, councilId, part.map((n) => n.code), part.map((n) => JSON.stringify(n.attributes))],
    );
  }
  for (let i = 0; i < network.ties.length; i += CHUNK) {
    const part = network.ties.slice(i, i + CHUNK);
    await q.query(
      `insert into network_ties (study_id, council_id, from_code, to_code, relationship)
       select $1, $2, f, t, r from unnest($3::text[], $4::text[], $5::text[]) as u(f, t, r)`,
      [studyId, councilId, part.map((x) => x.from), part.map((x) => x.to), part.map((x) => x.relationship)],
    );
  }
  await q.query(
    `update network_studies set attributes = $3, duplicate_ties = $4, self_ties = $5, imported_at = now()
      where council_id = $1 and id = $2`,
    [councilId, studyId, [...network.attributes], dropped.duplicateTies, dropped.selfTies],
  );
}

export async function loadNetwork(q: Queryable, councilId: string, studyId: string) {
  const [nodes, ties] = await Promise.all([
    q.query<{ code: string; attributes: Record<string, string> | string }>(
      'select code, attributes from network_nodes where council_id = $1 and study_id = $2 order by code',
      [councilId, studyId],
    ),
    q.query<{ from_code: string; to_code: string; relationship: string | null }>(
      `select from_code, to_code, relationship from network_ties where council_id = $1 and study_id = $2
        order by from_code, to_code`,
      [councilId, studyId],
    ),
  ]);
  return {
    nodes: nodes.map((n): StoredNode => ({
      code: n.code,
      attributes:
        typeof n.attributes === 'string' ? (JSON.parse(n.attributes) as Record<string, string>) : n.attributes,
    })),
    ties: ties.map((t): StoredTie => ({ from: t.from_code, to: t.to_code, relationship: t.relationship })),
  };
}
