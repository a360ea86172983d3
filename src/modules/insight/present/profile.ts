/** Area profiles and the overview: the headline table and its download. */
import { storedHtml, type Translate } from '../../../i18n/index.ts';
import { formatValue } from '../format.ts';
import type { AreaRef } from '../model.ts';
import type { HeadlineRow } from '../services/profiles.ts';
import { DOWNLOAD_UNITS, downloadUnit, inDownloadUnit } from './download-units.ts';
import { changeText, escapeHtml, positionText, type Cell } from './text.ts';

/** The headline table: indicator (linked to its page for the area), latest value, trend and position. */
export function headlineRows(t: Translate, base: string, area: AreaRef, rows: HeadlineRow[]): Cell[][] {
  return rows.map((r) => {
    const link = `${base}/indicator?code=${encodeURIComponent(r.indicator.code)}&amp;area=${area.code}`;
    const framework = t(`insight.frameworks.${r.indicator.framework}.name`);
    return [
      {
        html: `<a class="govuk-link" href="${link}">${storedHtml(r.indicator.name, t)}</a><br><span class="govuk-body-s app-insight-muted">${escapeHtml(framework)}</span>`,
      },
      { text: `${formatValue(r.indicator.unit, r.latest.value)} (${r.latest.period})`, format: 'numeric' },
      { text: changeText(t, r.indicator, r.change, r.baseline?.period) },
      { text: positionText(t, r.position) },
    ];
  });
}

const PER_UNIT = ['', '_lower', '_upper', '_baseline'] as const;
const PER_CHANGE = ['', '_lower', '_upper'] as const;

/** The columns of a unit's values: `percent`, `percent_lower`, … and its change: `percentage_points_change`, …. */
function unitColumns(unit: (typeof DOWNLOAD_UNITS)[number]): string[] {
  const change = unit === 'percent' ? 'percentage_points_change' : `${unit}_change`;
  return [...PER_UNIT.map((x) => `${unit}${x}`), ...PER_CHANGE.map((x) => `${change}${x}`)];
}

/**
 * The profile as CSV or JSON rows, every column in one unit: each indicator's latest value, interval, baseline
 * and change sit in the columns of its unit (`percent…` for percentages and proportions alike, `count…`,
 * `index…` and so on, only for the units the profile has), the other units' columns left empty.
 */
export function profileDownload(rows: HeadlineRow[]): { rows: Record<string, unknown>[]; columns: string[] } {
  const units = DOWNLOAD_UNITS.filter((u) => rows.some((r) => downloadUnit(r.indicator.unit) === u));
  const columns = [
    'indicator',
    'name',
    'framework',
    'unit',
    'period',
    'baseline_period',
    ...units.flatMap(unitColumns),
    'change_significant',
    'rank',
    'of',
    'quartile',
    'among',
  ];
  const out = rows.map((r) => {
    const u = r.indicator.unit;
    const unit = downloadUnit(u);
    const [value, lower, upper, baseline, change, changeLower, changeUpper] = unitColumns(unit);
    const v = (x: number | null | undefined) => inDownloadUnit(u, x);
    return {
      indicator: r.indicator.code,
      name: r.indicator.name,
      framework: r.indicator.framework,
      unit,
      period: r.latest.period,
      baseline_period: r.baseline?.period ?? null,
      [value]: v(r.latest.value),
      [lower]: v(r.latest.ci_low),
      [upper]: v(r.latest.ci_high),
      [baseline]: v(r.baseline?.value),
      [change]: v(r.change?.change),
      [changeLower]: v(r.change?.low),
      [changeUpper]: v(r.change?.high),
      change_significant: r.change?.significant ?? null,
      rank: r.position?.rank ?? null,
      of: r.position?.of ?? null,
      quartile: r.position?.quartile ?? null,
      among: r.position?.among ?? null,
    };
  });
  return { rows: out, columns };
}
