/** What every evaluation service shares: the platform, the audit log, the survey's public services, links. */
import { actorCan, type Permission } from '../../../kernel/access.ts';
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { PlatformDeps } from '../../../kernel/module.ts';
import type { Queryable } from '../../../db/index.ts';
import type { AuditService } from '../../audit/index.ts';
import type { GeographyService } from '../../geography/index.ts';
import type { SurveyServices } from '../../survey/index.ts';

export interface EvaluationDeps extends PlatformDeps {
  readonly audit: Pick<AuditService, 'record'>;
  readonly geography: Pick<GeographyService, 'descendants'>;
  readonly survey: {
    bank: Pick<SurveyServices['bank'], 'ensure' | 'list'>;
    waves: Pick<
      SurveyServices['waves'],
      'surveys' | 'waves' | 'wave' | 'createSurvey' | 'createWave' | 'setQuestionnaire' | 'setStatus'
    >;
    results: Pick<SurveyServices['results'], 'respondents' | 'participantAnswers'>;
  };
}

/** Members by their role; the service itself (demo, CLI, jobs) may do anything; residents nothing. */
export function ensureAllowed(actor: Actor, permission: Permission): void {
  const system = actor.userId === null && actor.via !== 'public';
  if (!system && !actorCan(actor, permission)) throw new DomainError('errors.forbidden');
}

export function audit(
  deps: EvaluationDeps,
  tx: Queryable,
  actor: Actor,
  action: string,
  id: string,
  detail?: Record<string, string | number | boolean | null>,
) {
  return deps.audit.record(
    { councilId: actor.council.id, userId: actor.userId, action, targetType: 'evaluation', targetId: id, detail },
    tx,
  );
}

/** The council's wards (code and name), none when its geography is not loaded. */
export async function wardsOf(deps: EvaluationDeps, areaCode: string | null) {
  if (!areaCode) return [];
  return (await deps.geography.descendants(areaCode, 'ward')).map((w) => ({ code: w.code, name: w.name }));
}
