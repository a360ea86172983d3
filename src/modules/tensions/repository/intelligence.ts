/** SQL: partner intelligence and its handling restrictions. */
import type { Queryable } from '../../../db/index.ts';
import { one } from '../../../db/index.ts';
import { returned } from './rows.ts';

// ───────────── intelligence ─────────────

export interface IntelligenceRow {
  id: string;
  source_type: string;
  grading: string;
  category: string;
  ward_code: string | null;
  ward_name: string | null;
  summary: string;
  confidence: string;
  sensitivity: string;
  handling: string;
  severity: number;
  observed_on: string;
  organisation_id: string | null;
  organisation_name: string | null;
  recorded_by_name: string | null;
  erased_at: Date | null;
  recorded_at: Date;
  shared_with: string[] | null;
}

const INTEL_SELECT = `select i.id, i.source_type, i.grading, i.category, i.ward_code, a.name as ward_name, i.summary, i.confidence, i.sensitivity, i.handling,
    i.severity, to_char(i.observed_on, 'YYYY-MM-DD') as observed_on, i.organisation_id, o.name as organisation_name, u.display_name as recorded_by_name,
    i.erased_at, i.recorded_at,
    (select array_agg(o2.name order by o2.name) from tension_intelligence_access x join organisations o2 on o2.id = x.organisation_id where x.intelligence_id = i.id) as shared_with
  from tension_intelligence i left join areas a on a.code = i.ward_code left join organisations o on o.id = i.organisation_id left join users u on u.id = i.recorded_by`;

/**
 * A partner (onlyOrg set) sees an entry their organisation recorded, or one whose handling allows it:
 * all partners, or named organisations including theirs. Council-only entries are never shown to partners.
 */
const INTEL_VISIBLE = `(i.organisation_id = $ORG or i.handling = 'all_partners'
  or (i.handling = 'named_organisations' and exists (select 1 from tension_intelligence_access x where x.intelligence_id = i.id and x.organisation_id = $ORG)))`;

/** What the intelligence list can be narrowed by. */
export interface IntelligenceFilter {
  /** Words in the summary (any case). */
  q?: string;
  /** A ward code, or "none" for council-wide entries. */
  ward?: string;
  category?: string;
  /** Observed on or after / on or before these days (yyyy-mm-dd). */
  from?: string;
  to?: string;
}

export async function listIntelligence(
  q: Queryable,
  councilId: string,
  onlyOrg: string | null | undefined,
  limit: number,
  offset: number,
  f: IntelligenceFilter = {},
) {
  const params: unknown[] = [councilId];
  const conditions = ['i.council_id = $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (onlyOrg !== undefined) add((n) => INTEL_VISIBLE.replaceAll('$ORG', n), onlyOrg);
  if (f.q) add((n) => `strpos(lower(i.summary), lower(${n})) > 0`, f.q);
  if (f.ward === 'none') conditions.push('i.ward_code is null');
  else if (f.ward) add((n) => `i.ward_code = ${n}`, f.ward);
  if (f.category) add((n) => `i.category = ${n}`, f.category);
  if (f.from) add((n) => `i.observed_on >= ${n}::date`, f.from);
  if (f.to) add((n) => `i.observed_on <= ${n}::date`, f.to);
  const where = conditions.join(' and ');
  const rows = await q.query<IntelligenceRow>(
    `${INTEL_SELECT} where ${where} order by i.observed_on desc, i.recorded_at desc limit ${Number(limit)} offset ${Number(offset)}`,
    params,
  );
  const total = await one<{ n: number }>(
    q,
    `select count(*)::int as n from tension_intelligence i where ${where}`,
    params,
  );
  return { rows, total: total?.n ?? 0 };
}

export function findIntelligence(q: Queryable, councilId: string, id: string, onlyOrg: string | null | undefined) {
  const params: unknown[] = [councilId, id];
  let where = 'i.council_id = $1 and i.id = $2';
  if (onlyOrg !== undefined) {
    params.push(onlyOrg);
    where += ` and ${INTEL_VISIBLE.replaceAll('$ORG', '$3')}`;
  }
  return one<IntelligenceRow>(q, `${INTEL_SELECT} where ${where}`, params);
}

export interface NewIntelligence {
  councilId: string;
  sourceType: string;
  grading: string;
  category: string;
  wardCode: string | null;
  summary: string;
  confidence: string;
  sensitivity: string;
  handling: string;
  severity: number;
  observedOn: string;
  organisationId: string | null;
  recordedBy: string | null;
  sharedWith: string[];
  recordedAt?: Date;
}

export async function insertIntelligence(q: Queryable, i: NewIntelligence): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    `insert into tension_intelligence (council_id, source_type, grading, category, ward_code, summary, confidence, sensitivity, handling, severity, observed_on, organisation_id, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, coalesce($14::timestamptz, now())) returning id`,
    [
      i.councilId,
      i.sourceType,
      i.grading,
      i.category,
      i.wardCode,
      i.summary,
      i.confidence,
      i.sensitivity,
      i.handling,
      i.severity,
      i.observedOn,
      i.organisationId,
      i.recordedBy,
      i.recordedAt ?? null,
    ],
  );
  const { id } = returned(row, 'insert into tension_intelligence');
  for (const org of i.sharedWith) {
    await q.query(
      'insert into tension_intelligence_access (intelligence_id, organisation_id) values ($1, $2) on conflict do nothing',
      [id, org],
    );
  }
  return id;
}
