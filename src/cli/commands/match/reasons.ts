/** Plain-English reasons, for the command line, from the matching library's explanation codes. */
import type { Explanation } from '../../../stats/matching/index.ts';

const km = (v: unknown) => `${Number(v).toFixed(1)} km`;
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));

/** Why a learner has no place (codes of placeEsolLearners). */
export function esolReason(e: Explanation): string {
  const p = e.params;
  switch (e.code) {
    case 'no_class_at_level':
      return `no class at level ${String(p.level)}`;
    case 'no_class_in_slots':
      return `no ${String(p.level)} class runs at a time they can attend (${list(p.slots)})`;
    case 'too_far':
      return `the nearest class they could attend is ${km(p.nearestKm)} away, beyond the ${Number(p.maxKm)} km limit`;
    case 'score_not_positive':
      return 'every class they could attend is too far away for a place to count (score 0 or less)';
    case 'capacity_taken':
      return (
        `every class they could attend is full (${list(p.classIds)}; nearest ${km(p.nearestKm)}): ` +
        'the places went to learners who had waited longer or live nearer'
      );
    default:
      return e.code.replace(/_/g, ' ');
  }
}

/** Why a class is not linked (codes of linkSchoolClasses). */
export function linkReason(e: Explanation): string {
  const p = e.params;
  switch (e.code) {
    case 'no_class_in_range':
      return Number(p.nearestKm) < 0
        ? 'there is no class from another school'
        : `the nearest class from another school is ${km(p.nearestKm)} away, beyond the ${Number(p.maxKm)} km limit`;
    case 'no_difference':
      return 'every class in range has the same share, so a link adds no contrast';
    case 'partners_taken':
      return `every class it could be linked with (${list(p.candidateIds)}) is linked to another class`;
    default:
      return e.code.replace(/_/g, ' ');
  }
}
