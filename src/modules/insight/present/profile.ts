/** Area profiles and the overview: the headline table and its download. */
import { storedHtml, type Translate } from '../../../i18n/index.ts';
import { formatValue } from '../format.ts';
import type { AreaRef } from '../model.ts';
import type { HeadlineRow } from '../services/profiles.ts';
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

/** The profile as CSV or JSON rows. */
export function profileDownload(rows: HeadlineRow[]): Record<string, unknown>[] {
  return rows.map((r) => ({
    indicator: r.indicator.code,
    name: r.indicator.name,
    framework: r.indicator.framework,
    unit: r.indicator.unit,
    period: r.latest.period,
    value: r.latest.value,
    ci_low: r.latest.ci_low,
    ci_high: r.latest.ci_high,
    baseline_period: r.baseline?.period ?? null,
    baseline_value: r.baseline?.value ?? null,
    change: r.change?.change ?? null,
    change_low: r.change?.low ?? null,
    change_high: r.change?.high ?? null,
    change_significant: r.change?.significant ?? null,
    rank: r.position?.rank ?? null,
    of: r.position?.of ?? null,
    quartile: r.position?.quartile ?? null,
    among: r.position?.among ?? null,
  }));
}
