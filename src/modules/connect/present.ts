/** View models: explanations from the matching library as catalogue keys with formatted parameters. */
import type { Translate } from '../../i18n/index.ts';
import type { ClassRow, Explanation, PersonRow, VolunteerRow } from './model.ts';

const km = (v: unknown) => (typeof v === 'number' ? v.toFixed(1) : String(v ?? ''));
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));

/**
 * The plain-language reason for an outcome, in the page's language. For a learner placed from their ward's
 * centroid (no grid reference), the reason says that distances are from the ward's centre.
 */
export function reason(t: Translate, e: Explanation | null): string {
  const text = reasonText(t, e);
  return e?.params.locatedBy === 'ward'
    ? `${text} ${t('connect.reasons.locatedByWard', { ward: String(e.params.ward ?? '') })}`
    : text;
}

function reasonText(t: Translate, e: Explanation | null): string {
  if (!e) return t('connect.reasons.notRun');
  const p = e.params;
  switch (e.code) {
    case 'placed_best_class':
      return t('connect.reasons.placed_best_class', { klass: String(p.classId), km: km(p.distanceKm) });
    case 'placed_other_class':
      return t('connect.reasons.placed_other_class', {
        klass: String(p.classId),
        km: km(p.distanceKm),
        best: String(p.bestClassId),
      });
    case 'no_class_at_level':
      return t('connect.reasons.no_class_at_level', { level: String(p.level) });
    case 'no_class_in_slots':
      return t('connect.reasons.no_class_in_slots', { level: String(p.level), slots: list(p.slots) });
    case 'too_far':
      return t('connect.reasons.too_far', { km: km(p.nearestKm), max: km(p.maxKm) });
    case 'no_location':
      return t('connect.reasons.no_location', { ward: String(p.ward ?? '') });
    case 'score_not_positive':
      return t('connect.reasons.score_not_positive');
    case 'capacity_taken':
      return t('connect.reasons.capacity_taken', { classes: list(p.classIds), km: km(p.nearestKm) });
    case 'linked':
      return t('connect.reasons.linked', {
        partner: String(p.partnerId),
        school: String(p.partnerSchool),
        difference: typeof p.difference === 'number' ? (p.difference * 100).toFixed(0) : '',
        km: km(p.distanceKm),
      });
    case 'no_class_in_range':
      return Number(p.nearestKm) < 0
        ? t('connect.reasons.no_other_school')
        : t('connect.reasons.no_class_in_range', { km: km(p.nearestKm), max: km(p.maxKm) });
    case 'no_difference':
      return t('connect.reasons.no_difference');
    case 'partners_taken':
      return t('connect.reasons.partners_taken', { classes: list(p.candidateIds) });
    case 'paired':
      return t('connect.reasons.paired', {
        partner: String(p.partnerId),
        interests: list(p.sharedInterests) || '–',
        slots: list(p.sharedSlots),
        km: km(p.distanceKm),
      });
    case 'partners_taken_friend':
      return t('connect.reasons.partners_taken_friend', { people: list(p.candidateIds) });
    case 'no_candidates':
      return t('connect.reasons.no_candidates');
    case 'no_compatible_partner':
      return t('connect.reasons.no_compatible_partner', {
        avoided: Number(p.avoided ?? 0),
        gender: Number(p.gender ?? 0),
        interest: Number(p.noSharedInterest ?? 0),
        slot: Number(p.noSharedSlot ?? 0),
        far: Number(p.tooFar ?? 0),
      });
    default:
      return e.code;
  }
}

export function personView(t: Translate, p: PersonRow, classes: ReadonlyMap<string, ClassRow>, daysWaited: number) {
  const c = p.class_id ? classes.get(p.class_id) : undefined;
  return {
    ...p,
    className: c ? c.code : null,
    classDetail: c ? [c.level, c.slot, c.venue].filter(Boolean).join(' · ') : null,
    daysWaited,
    reason: reason(t, p.explanation),
    statusText: t(`connect.statuses.${p.status}`),
    slotsText: p.slots.join(', '),
  };
}

export function classView(t: Translate, c: ClassRow, byId: ReadonlyMap<string, ClassRow>, filled: number) {
  const partner = c.partner_id ? byId.get(c.partner_id) : undefined;
  return {
    ...c,
    filled,
    partnerCode: partner?.code ?? null,
    partnerSchool: partner?.school ?? null,
    sharePct: c.share === null ? null : Math.round(c.share * 100),
    reason: reason(t, c.explanation),
  };
}

export function volunteerView(t: Translate, v: VolunteerRow, byId: ReadonlyMap<string, VolunteerRow>) {
  return {
    ...v,
    partnerRef: v.partner_id ? (byId.get(v.partner_id)?.reference ?? null) : null,
    sideText: t(`connect.volunteers.sides.${v.side}`),
    interestsText: v.interests.join(', ') || '–',
    reason: reason(
      t,
      v.explanation?.code === 'partners_taken' ? { ...v.explanation, code: 'partners_taken_friend' } : v.explanation,
    ),
  };
}
