/** View models of the reports pages: the lists of weeks and quarters, and the labels of each breakdown. */
import { langOf, type Translate } from '../../../i18n/index.ts';
import { addWeeks, isoWeek } from '../../../stats/tension.ts';
import { GRADINGS, MOTIVATIONS, STATUSES } from '../model.ts';
import { previousQuarter, quarterOf } from '../rules.ts';
import type { QuarterlyReport, WeeklyReport } from '../services/reports.ts';

const DAY = 86_400_000;

const labelsFor = (keys: readonly string[], prefix: string, t: Translate) =>
  Object.fromEntries(keys.map((k) => [k, t(`${prefix}.${k}`)]));

/** The reports page: the last eight weeks, the last four quarters and a default export range (90 days). */
export function reportsIndex(now: Date) {
  const monthsAgo = (m: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m, 1));
  return {
    weeks: Array.from({ length: 8 }, (_, i) => addWeeks(isoWeek(now), -i)),
    quarters: [quarterOf(now), previousQuarter(now), previousQuarter(monthsAgo(3)), previousQuarter(monthsAgo(6))],
    from: new Date(now.getTime() - 90 * DAY).toISOString().slice(0, 10),
    to: now.toISOString().slice(0, 10),
  };
}

export function weeklyPage(report: WeeklyReport, t: Translate) {
  return {
    report,
    motivationLabels: labelsFor(MOTIVATIONS, 'tensions.motivations', t),
    wardLabels: { ...report.reports.wardNames, unknown: t('tensions.reports.wardUnknown') },
    gradingLabels: labelsFor(GRADINGS, 'tensions.gradings', t),
  };
}

export function quarterlyPage(report: QuarterlyReport, t: Translate) {
  const month = (key: string) =>
    new Date(`${key}-01T00:00:00Z`).toLocaleDateString(langOf(t) === 'cy' ? 'cy-GB' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  return {
    report,
    motivationLabels: labelsFor(MOTIVATIONS, 'tensions.motivations', t),
    wardLabels: { ...report.wardNames, unknown: t('tensions.reports.wardUnknown') },
    statusLabels: labelsFor(STATUSES, 'tensions.statuses', t),
    monthLabels: Object.fromEntries((report.byMonth?.cells ?? []).map((c) => [c.key, month(c.key)])),
  };
}

/** The columns of the restricted CSV export, in order. */
export const EXPORT_COLUMNS = [
  'reference',
  'received_at',
  'happened_on',
  'channel',
  'ward_code',
  'ward_name',
  'motivations',
  'reporter_role',
  'status',
  'severity',
  'assigned_to',
  'first_contact_at',
  'senior_contact_at',
];
