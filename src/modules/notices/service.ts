/**
 * The council's privacy notice and accessibility statement: the service's standard text (catalogues) filled in
 * from the council's own settings (retention and suppression from tension monitoring), plus the details an
 * administrator adds (contacts, ICO registration, compliance status, known issues, more text in each language).
 */
import type { Db } from '../../db/index.ts';
import { actorCan } from '../../kernel/access.ts';
import type { Actor, Council } from '../../kernel/actor.ts';
import { DomainError } from '../../kernel/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { CouncilsService } from '../councils/index.ts';
import { DEFAULT_DETAILS, getNotice, saveNotice, type NoticeDetails } from './repository.ts';

/** What the notices need from tension monitoring: how long personal details are kept, and the suppression threshold. */
export interface TensionSettingsReader {
  get(council: Pick<Council, 'id'>): Promise<{ retention_months: number; suppression_threshold: number }>;
}

export interface NoticeContent {
  council: Council;
  details: NoticeDetails;
  /** false: the council never saved its details, so only the standard text is shown. */
  stored: boolean;
  createdAt: Date | null;
  updatedAt: Date | null;
  retentionMonths: number;
  suppressionThreshold: number;
}

export class NoticesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly councils: Pick<CouncilsService, 'bySlug'>,
    private readonly tensionSettings: TensionSettingsReader,
  ) {}

  /** The content of a council's notices, by the council's address; null for an unknown council. */
  async bySlug(slug: string): Promise<NoticeContent | null> {
    const council = await this.councils.bySlug(slug);
    return council ? this.content(council) : null;
  }

  async content(council: Council): Promise<NoticeContent> {
    const [row, settings] = await Promise.all([getNotice(this.db, council.id), this.tensionSettings.get(council)]);
    const details: NoticeDetails = row
      ? {
          dpo_contact: row.dpo_contact,
          controller_address: row.controller_address,
          ico_registration: row.ico_registration,
          privacy_extra_en: row.privacy_extra_en,
          privacy_extra_cy: row.privacy_extra_cy,
          accessibility_contact: row.accessibility_contact,
          compliance: row.compliance,
          tested_on: row.tested_on,
          accessibility_issues_en: row.accessibility_issues_en,
          accessibility_issues_cy: row.accessibility_issues_cy,
        }
      : { ...DEFAULT_DETAILS };
    return {
      council,
      details,
      stored: !!row,
      createdAt: row?.created_at ?? null,
      updatedAt: row?.updated_at ?? null,
      retentionMonths: settings.retention_months,
      suppressionThreshold: settings.suppression_threshold,
    };
  }

  /** Saves the council's details, with an audit entry in the same transaction (administrators only). */
  async save(actor: Actor, details: NoticeDetails): Promise<void> {
    if (!actorCan(actor, 'notices.edit')) throw new DomainError('errors.forbidden');
    await this.db.transaction(async (tx) => {
      await saveNotice(tx, actor.council.id, actor.userId, details);
      await this.audit.record(
        {
          councilId: actor.council.id,
          userId: actor.userId,
          action: 'notices.changed',
          targetType: 'council_notices',
          targetId: actor.council.id,
          detail: { compliance: details.compliance },
        },
        tx,
      );
    });
  }
}
