import type { Queryable } from '../../db/index.ts';
import { one, oneRow } from '../../db/index.ts';
import type { Role } from '../../kernel/access.ts';

import type { OrganisationKind } from './model.ts';

export type { OrganisationKind };

export interface OrganisationRow {
  id: string;
  name: string;
  kind: OrganisationKind;
  members: number;
}

export function listOrganisations(q: Queryable, councilId: string) {
  return q.query<OrganisationRow>(
    `select o.id, o.name, o.kind, (select count(*)::int from memberships m where m.organisation_id = o.id) as members
       from organisations o where o.council_id = $1 order by o.name`,
    [councilId],
  );
}

export function findOrganisation(q: Queryable, councilId: string, id: string) {
  return one<OrganisationRow>(
    q,
    `select o.id, o.name, o.kind, 0 as members from organisations o where o.council_id = $1 and o.id = $2`,
    [councilId, id],
  );
}

export async function insertOrganisation(q: Queryable, councilId: string, name: string, kind: OrganisationKind) {
  const row = await one<{ id: string }>(
    q,
    `insert into organisations (council_id, name, kind) values ($1, $2, $3)
     on conflict (council_id, name) do nothing returning id`,
    [councilId, name, kind],
  );
  return row?.id ?? null;
}

export async function updateOrganisation(
  q: Queryable,
  councilId: string,
  id: string,
  name: string,
  kind: OrganisationKind,
) {
  const rows = await q.query(
    'update organisations set name = $3, kind = $4 where council_id = $1 and id = $2 returning id',
    [councilId, id, name, kind],
  );
  return rows.length > 0;
}

export interface MemberRow {
  user_id: string;
  email: string;
  display_name: string;
  role: Role;
  organisation_id: string | null;
  organisation_name: string | null;
  last_sign_in_at: Date | null;
  locked_until: Date | null;
  disabled: boolean;
}

const MEMBER_SELECT = `select u.id as user_id, u.email, u.display_name, m.role, m.organisation_id, o.name as organisation_name,
                              u.last_sign_in_at, u.locked_until, u.disabled
                         from memberships m join users u on u.id = m.user_id
                         left join organisations o on o.id = m.organisation_id`;

export async function listMembers(q: Queryable, councilId: string, limit: number, offset: number) {
  const rows = await q.query<MemberRow>(
    `${MEMBER_SELECT} where m.council_id = $1 order by u.display_name, u.email limit ${Number(limit)} offset ${Number(offset)}`,
    [councilId],
  );
  const total = await one<{ n: number }>(q, 'select count(*)::int as n from memberships where council_id = $1', [
    councilId,
  ]);
  return { rows, total: total?.n ?? 0 };
}

export function findMember(q: Queryable, councilId: string, userId: string) {
  return one<MemberRow>(q, `${MEMBER_SELECT} where m.council_id = $1 and m.user_id = $2`, [councilId, userId]);
}

export async function upsertMembership(
  q: Queryable,
  m: { userId: string; councilId: string; role: Role; organisationId: string | null },
): Promise<void> {
  await q.query(
    `insert into memberships (user_id, council_id, role, organisation_id) values ($1, $2, $3, $4)
     on conflict (user_id, council_id) do update set role = excluded.role, organisation_id = excluded.organisation_id`,
    [m.userId, m.councilId, m.role, m.organisationId],
  );
}

export async function deleteMembership(q: Queryable, councilId: string, userId: string): Promise<boolean> {
  const rows = await q.query('delete from memberships where council_id = $1 and user_id = $2 returning user_id', [
    councilId,
    userId,
  ]);
  return rows.length > 0;
}

export async function countAdministrators(q: Queryable, councilId: string): Promise<number> {
  const row = await one<{ n: number }>(
    q,
    `select count(*)::int as n from memberships where council_id = $1 and role = 'administrator'`,
    [councilId],
  );
  return row?.n ?? 0;
}

export interface InvitationRow {
  id: string;
  council_id: string;
  email: string;
  display_name: string;
  role: Role;
  organisation_id: string | null;
  expires_at: Date;
  used_at: Date | null;
  council_name: string;
  council_slug: string;
}

export async function insertInvitation(
  q: Queryable,
  i: {
    councilId: string;
    email: string;
    displayName: string;
    role: Role;
    organisationId: string | null;
    tokenHash: string;
    ttlMs: number;
    invitedBy: string | null;
  },
): Promise<string> {
  const row = await oneRow<{ id: string }>(
    q,
    `insert into invitations (council_id, email, display_name, role, organisation_id, token_hash, expires_at, invited_by)
     values ($1, $2, $3, $4, $5, $6, now() + ($7::int * interval '1 millisecond'), $8) returning id`,
    [i.councilId, i.email, i.displayName, i.role, i.organisationId, i.tokenHash, i.ttlMs, i.invitedBy],
  );
  return row.id;
}

export function findInvitationByTokenHash(q: Queryable, tokenHash: string) {
  return one<InvitationRow>(
    q,
    `select i.id, i.council_id, i.email, i.display_name, i.role, i.organisation_id, i.expires_at, i.used_at,
            t.name as council_name, t.slug as council_slug
       from invitations i join councils t on t.id = i.council_id where i.token_hash = $1`,
    [tokenHash],
  );
}

/** Marks an invitation used, atomically: a second use of the same link finds nothing to update. */
export async function consumeInvitation(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query(
    'update invitations set used_at = now() where id = $1 and used_at is null and expires_at > now() returning id',
    [id],
  );
  return rows.length > 0;
}

export function listPendingInvitations(q: Queryable, councilId: string) {
  return q.query<InvitationRow>(
    `select i.id, i.council_id, i.email, i.display_name, i.role, i.organisation_id, i.expires_at, i.used_at,
            t.name as council_name, t.slug as council_slug
       from invitations i join councils t on t.id = i.council_id
      where i.council_id = $1 and i.used_at is null and i.expires_at > now() order by i.created_at desc`,
    [councilId],
  );
}
