/** SQL for the council's notice details; every query is filtered by council_id. */
import { one, type Queryable } from '../../db/index.ts';

export const COMPLIANCE = ['full', 'partial', 'not'] as const;
export type Compliance = (typeof COMPLIANCE)[number];

export interface NoticeDetails {
  dpo_contact: string;
  controller_address: string;
  ico_registration: string;
  privacy_extra_en: string;
  privacy_extra_cy: string;
  accessibility_contact: string;
  compliance: Compliance;
  /** year-month-day, or null */
  tested_on: string | null;
  accessibility_issues_en: string;
  accessibility_issues_cy: string;
}

export interface NoticeRow extends NoticeDetails {
  council_id: string;
  created_at: Date;
  updated_at: Date;
}

export const DEFAULT_DETAILS: NoticeDetails = {
  dpo_contact: '',
  controller_address: '',
  ico_registration: '',
  privacy_extra_en: '',
  privacy_extra_cy: '',
  accessibility_contact: '',
  compliance: 'partial',
  tested_on: null,
  accessibility_issues_en: '',
  accessibility_issues_cy: '',
};

const COLS = `council_id, dpo_contact, controller_address, ico_registration, privacy_extra_en, privacy_extra_cy,
  accessibility_contact, compliance, to_char(tested_on, 'YYYY-MM-DD') as tested_on, accessibility_issues_en,
  accessibility_issues_cy, created_at, updated_at`;

/** The council's stored details, or undefined when it never saved any. */
export function getNotice(q: Queryable, councilId: string): Promise<NoticeRow | undefined> {
  return one<NoticeRow>(q, `select ${COLS} from council_notices where council_id = $1`, [councilId]);
}

export async function saveNotice(q: Queryable, councilId: string, userId: string | null, d: NoticeDetails) {
  await q.query(
    `insert into council_notices (council_id, dpo_contact, controller_address, ico_registration, privacy_extra_en,
       privacy_extra_cy, accessibility_contact, compliance, tested_on, accessibility_issues_en, accessibility_issues_cy,
       updated_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11, $12, now(), now())
     on conflict (council_id) do update set dpo_contact = excluded.dpo_contact,
       controller_address = excluded.controller_address, ico_registration = excluded.ico_registration,
       privacy_extra_en = excluded.privacy_extra_en, privacy_extra_cy = excluded.privacy_extra_cy,
       accessibility_contact = excluded.accessibility_contact, compliance = excluded.compliance,
       tested_on = excluded.tested_on, accessibility_issues_en = excluded.accessibility_issues_en,
       accessibility_issues_cy = excluded.accessibility_issues_cy, updated_by = excluded.updated_by,
       updated_at = now()`,
    [
      councilId,
      d.dpo_contact,
      d.controller_address,
      d.ico_registration,
      d.privacy_extra_en,
      d.privacy_extra_cy,
      d.accessibility_contact,
      d.compliance,
      d.tested_on,
      d.accessibility_issues_en,
      d.accessibility_issues_cy,
      userId,
    ],
  );
}
