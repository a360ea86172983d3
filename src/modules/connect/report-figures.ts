/**
 * The figures of connect's cabinet report sections, worked out from plain rows (pure, so each is tested on a
 * hand-made fixture): school linking and friendship programmes as their last run left them by the quarter's end,
 * and the rule that keeps a total from giving away a count suppressed in a table.
 *
 * A linking or friendship run links or pairs everyone afresh and keeps no earlier links, so a programme's links
 * stand as its last run made them. The report shows them when that run was before the quarter ended; a programme
 * run again since then has lost the links it had at the quarter's end, and its figures are not shown.
 */
import { DEFAULT_COUNT_THRESHOLD } from '../../stats/suppression.ts';
import type { ProgrammeRow } from './model.ts';

export interface LinkClassFact {
  readonly id: string;
  readonly programme_id: string;
  readonly school: string | null;
  readonly share: number | null;
  readonly partner_id: string | null;
}

export interface VolunteerFact {
  readonly programme_id: string;
  readonly side: 'older' | 'younger';
  readonly paired: boolean;
}

type Programme = Pick<ProgrammeRow, 'id' | 'kind' | 'name' | 'last_run_at' | 'created_at'>;
type Period = { readonly from: Date; readonly to: Date };

/** How a programme's last run stands against the quarter: not run yet, run by its end, or run again after it. */
export type RunState = 'never' | 'by' | 'after';

const runState = (p: Programme, period: Period): RunState =>
  p.last_run_at === null ? 'never' : p.last_run_at < period.to ? 'by' : 'after';

/** Programmes of one kind that existed by the quarter's end, in the order listed. */
export function programmesOf<P extends Programme>(programmes: readonly P[], kind: P['kind'], period: Period): P[] {
  return programmes.filter((p) => p.kind === kind && p.created_at < period.to);
}

export interface LinkingFigures {
  readonly programme: string;
  readonly state: RunState;
  readonly lastRun: Date | null;
  readonly classes: number;
  /** Classes linked to a class of another school (twice the pairs); null when run again after the quarter. */
  readonly linked: number | null;
  /** Schools with at least one linked class. */
  readonly schools: number | null;
  /** Mean over linked pairs of |share_a − share_b| (0 to 1); null without pairs. */
  readonly meanContrast: number | null;
}

/** Each linking programme's classes, links, schools and mean contrast as its last run by the quarter's end left them. */
export function linkingFigures(
  programmes: readonly Programme[],
  classes: readonly LinkClassFact[],
  period: Period,
): LinkingFigures[] {
  return programmesOf(programmes, 'linking', period).map((p) => {
    const mine = classes.filter((c) => c.programme_id === p.id);
    const state = runState(p, period);
    const byId = new Map(mine.map((c) => [c.id, c]));
    const linked = mine.filter((c) => c.partner_id !== null && byId.has(c.partner_id));
    // Each pair once: from the class whose id sorts first.
    const contrasts = linked.flatMap((c) => {
      const partner = byId.get(c.partner_id ?? '');
      return partner && c.id < partner.id ? [Math.abs((c.share ?? 0) - (partner.share ?? 0))] : [];
    });
    const shown = state !== 'after';
    return {
      programme: p.name,
      state,
      lastRun: p.last_run_at,
      classes: mine.length,
      linked: shown ? linked.length : null,
      schools: shown ? new Set(linked.map((c) => c.school ?? '')).size : null,
      meanContrast: shown && contrasts.length ? contrasts.reduce((a, b) => a + b, 0) / contrasts.length : null,
    };
  });
}

export interface FriendshipFigures {
  readonly programme: string;
  readonly state: RunState;
  readonly lastRun: Date | null;
  /** Older–younger pairs made by the last run; null when run again after the quarter. */
  readonly pairs: number | null;
  /** Volunteers without a partner (everyone, before the first run); null when run again after the quarter. */
  readonly waiting: number | null;
}

/** Each friendship programme's pairs and volunteers still waiting for a partner, as its last run left them. */
export function friendshipFigures(
  programmes: readonly Programme[],
  volunteers: readonly VolunteerFact[],
  period: Period,
): FriendshipFigures[] {
  return programmesOf(programmes, 'friendship', period).map((p) => {
    const mine = volunteers.filter((v) => v.programme_id === p.id);
    const state = runState(p, period);
    const shown = state !== 'after';
    return {
      programme: p.name,
      state,
      lastRun: p.last_run_at,
      pairs: shown ? mine.filter((v) => v.side === 'older' && v.paired).length : null,
      waiting: shown ? mine.filter((v) => !v.paired).length : null,
    };
  });
}

/**
 * The total of counts that a table shows with those from 1 to threshold − 1 suppressed, or null when the total
 * would give them away: when the suppressed counts add up to less than the threshold (one suppressed count is
 * then the total minus the others). Counts suppressed together that add up to the threshold or more stay hidden.
 */
export function safeTotal(counts: readonly number[], threshold = DEFAULT_COUNT_THRESHOLD): number | null {
  const hidden = counts.filter((n) => n > 0 && n < threshold).reduce((a, b) => a + b, 0);
  return hidden > 0 && hidden < threshold ? null : counts.reduce((a, b) => a + b, 0);
}
