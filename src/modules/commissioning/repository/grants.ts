/** SQL: grants, their links, recipients' 360Giving details, outcome measures and monitoring returns. */
import { one, oneRow, type Queryable } from '../../../db/index.ts';
import type { GrantInput, GrantRow, MeasureRow, RecipientRow, ReturnRow } from '../model.ts';

const GRANT_SELECT = `select g.id, g.council_id, g.identifier, g.programme_id, p.code as programme_code,
    p.name as programme_name, g.recipient_id, o.name as recipient_name, r.org_identifier, r.charity_number,
    r.company_number, g.title, g.description, g.amount::float8 as amount, g.currency,
    to_char(g.award_date, 'YYYY-MM-DD') as award_date, to_char(g.planned_start, 'YYYY-MM-DD') as planned_start,
    to_char(g.planned_end, 'YYYY-MM-DD') as planned_end, g.areas, g.status, g.updated_at
  from commissioning_grants g
  join organisations o on o.id = g.recipient_id
  left join commissioning_recipients r on r.organisation_id = g.recipient_id
  left join commissioning_programmes p on p.id = g.programme_id`;

export interface GrantFilter {
  /** Only grants to this organisation (partners). */
  recipientId?: string | null;
  programmeId?: string | null;
  /** Only grants linked to this record. */
  link?: { kind: string; id: string } | null;
  /** Only grants awarded in [from, to). */
  from?: string;
  to?: string;
}

export function listGrants(q: Queryable, councilId: string, f: GrantFilter = {}) {
  const where = ['g.council_id = $1'];
  const args: unknown[] = [councilId];
  const add = (sql: string, ...values: unknown[]) => {
    const first = args.length + 1;
    args.push(...values);
    where.push(sql.replace(/\$(\d)/g, (_m, n: string) => `$${first + Number(n) - 1}`));
  };
  if (f.recipientId) add('g.recipient_id = $1', f.recipientId);
  if (f.programmeId) add('g.programme_id = $1', f.programmeId);
  if (f.link)
    add(
      'exists (select 1 from commissioning_grant_links l where l.grant_id = g.id and l.kind = $1 and l.ref_id = $2)',
      f.link.kind,
      f.link.id,
    );
  if (f.from) add('g.award_date >= $1::date', f.from);
  if (f.to) add('g.award_date < $1::date', f.to);
  return q.query<GrantRow>(
    `${GRANT_SELECT} where ${where.join(' and ')} order by g.award_date desc, g.identifier`,
    args,
  );
}

export function findGrant(q: Queryable, councilId: string, id: string) {
  return one<GrantRow>(q, `${GRANT_SELECT} where g.council_id = $1 and g.id = $2`, [councilId, id]);
}

export function findGrantByIdentifier(q: Queryable, councilId: string, identifier: string) {
  return one<GrantRow>(q, `${GRANT_SELECT} where g.council_id = $1 and g.identifier = $2`, [councilId, identifier]);
}

export function findGrantsByIds(q: Queryable, councilId: string, ids: readonly string[]) {
  return q.query<GrantRow>(`${GRANT_SELECT} where g.council_id = $1 and g.id = any($2::uuid[])`, [councilId, ids]);
}

/**
 * Makes grants of one council take turns to be numbered until the transaction ends, so two awarded at once (on
 * two servers) do not take the same next identifier. A transaction-scoped advisory lock keyed by the council.
 */
export async function lockGrantNumbering(q: Queryable, councilId: string): Promise<void> {
  await q.query(`select pg_advisory_xact_lock(hashtext('commissioning.grants:' || $1::text))`, [councilId]);
}

/** The next free local number for a new grant identifier under the prefix. */
export async function grantCount(q: Queryable, councilId: string): Promise<number> {
  const row = await oneRow<{ n: number }>(
    q,
    'select count(*)::int as n from commissioning_grants where council_id = $1',
    [councilId],
  );
  return row.n;
}

const grantParams = (g: GrantInput) => [
  g.programmeId,
  g.recipientId,
  g.title,
  g.description,
  g.amount,
  g.awardDate,
  g.plannedStart,
  g.plannedEnd,
  g.areas,
  g.status,
];

export async function insertGrant(q: Queryable, councilId: string, identifier: string, g: GrantInput) {
  const row = await oneRow<{ id: string }>(
    q,
    `insert into commissioning_grants (council_id, identifier, programme_id, recipient_id, title, description, amount,
       award_date, planned_start, planned_end, areas, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [councilId, identifier, ...grantParams(g)],
  );
  return row.id;
}

export async function updateGrant(q: Queryable, councilId: string, id: string, g: GrantInput) {
  const rows = await q.query(
    `update commissioning_grants set programme_id = $3, recipient_id = $4, title = $5, description = $6, amount = $7,
       award_date = $8, planned_start = $9, planned_end = $10, areas = $11, status = $12, updated_at = now()
     where council_id = $1 and id = $2 returning id`,
    [councilId, id, ...grantParams(g)],
  );
  return rows.length > 0;
}

export function links(q: Queryable, councilId: string, grantIds: readonly string[]) {
  return q.query<{ grant_id: string; kind: string; ref_id: string }>(
    `select grant_id, kind, ref_id from commissioning_grant_links where council_id = $1 and grant_id = any($2::uuid[])
     order by kind, ref_id`,
    [councilId, grantIds],
  );
}

export async function replaceLinks(
  q: Queryable,
  councilId: string,
  grantId: string,
  refs: readonly { kind: string; id: string }[],
) {
  await q.query('delete from commissioning_grant_links where council_id = $1 and grant_id = $2', [councilId, grantId]);
  for (const r of refs)
    await q.query(
      `insert into commissioning_grant_links (grant_id, council_id, kind, ref_id) values ($1, $2, $3, $4)
       on conflict do nothing`,
      [grantId, councilId, r.kind, r.id],
    );
}

export function linkedGrantIds(q: Queryable, councilId: string, kind: string, refId: string) {
  return q.query<{ grant_id: string }>(
    'select grant_id from commissioning_grant_links where council_id = $1 and kind = $2 and ref_id = $3',
    [councilId, kind, refId],
  );
}

export function recipients(q: Queryable, councilId: string) {
  return q.query<RecipientRow>(
    `select o.id as organisation_id, o.name, r.org_identifier, coalesce(r.charity_number, '') as charity_number,
            coalesce(r.company_number, '') as company_number
       from organisations o left join commissioning_recipients r on r.organisation_id = o.id
      where o.council_id = $1 order by o.name`,
    [councilId],
  );
}

export async function saveRecipient(
  q: Queryable,
  councilId: string,
  r: { organisationId: string; orgIdentifier: string; charityNumber: string; companyNumber: string },
) {
  await q.query(
    `insert into commissioning_recipients (organisation_id, council_id, org_identifier, charity_number, company_number)
     values ($1, $2, $3, $4, $5)
     on conflict (organisation_id) do update set org_identifier = excluded.org_identifier,
       charity_number = excluded.charity_number, company_number = excluded.company_number, updated_at = now()`,
    [r.organisationId, councilId, r.orgIdentifier, r.charityNumber, r.companyNumber],
  );
}

export function measures(q: Queryable, councilId: string, grantId: string) {
  return q.query<MeasureRow>(
    `select id, grant_id, name, unit, target::float8 as target from commissioning_measures
      where council_id = $1 and grant_id = $2 order by created_at, name`,
    [councilId, grantId],
  );
}

export async function insertMeasure(
  q: Queryable,
  councilId: string,
  grantId: string,
  m: { name: string; unit: string; target: number | null },
) {
  const row = await one<{ id: string }>(
    q,
    `insert into commissioning_measures (grant_id, council_id, name, unit, target) values ($1, $2, $3, $4, $5)
     on conflict (grant_id, name) do nothing returning id`,
    [grantId, councilId, m.name, m.unit, m.target],
  );
  return row?.id ?? null;
}

export function returns(q: Queryable, councilId: string, grantId: string) {
  return q.query<ReturnRow>(
    `select r.id, r.measure_id, m.name as measure_name, r.period, r.value::float8 as value, r.narrative,
            u.display_name as submitted_by_name, r.submitted_at
       from commissioning_returns r join commissioning_measures m on m.id = r.measure_id
       left join users u on u.id = r.submitted_by
      where r.council_id = $1 and r.grant_id = $2 order by r.period desc, m.name`,
    [councilId, grantId],
  );
}

export async function upsertReturn(
  q: Queryable,
  councilId: string,
  r: { grantId: string; measureId: string; period: string; value: number; narrative: string; userId: string | null },
) {
  const row = await oneRow<{ id: string }>(
    q,
    `insert into commissioning_returns (measure_id, grant_id, council_id, period, value, narrative, submitted_by)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (measure_id, period) do update set value = excluded.value, narrative = excluded.narrative,
       submitted_by = excluded.submitted_by, submitted_at = now()
     returning id`,
    [r.measureId, r.grantId, councilId, r.period, r.value, r.narrative, r.userId],
  );
  return row.id;
}
