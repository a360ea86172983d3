/** The indicators list (by framework) and the define form's choices. */
import { GEO_LEVELS } from '../../../geo/gss.ts';
import { storedHtml, type Translate } from '../../../i18n/index.ts';
import { BREAKDOWNS, FRAMEWORKS, UNITS, type Framework, type IndicatorListRow } from '../model.ts';
import { directionText, domainText, escapeHtml, type Cell } from './text.ts';

/** The indicators of each framework (only the one asked for, when given) as table rows. */
export function indicatorGroups(
  t: Translate,
  base: string,
  list: IndicatorListRow[],
  framework: Framework | undefined,
): { framework: Framework; rows: Cell[][] }[] {
  return FRAMEWORKS.filter((f) => !framework || f === framework)
    .map((f) => ({
      framework: f,
      rows: list
        .filter((d) => d.framework === f)
        .map((d): Cell[] => [
          {
            html: `<a class="govuk-link" href="${base}/indicator?code=${encodeURIComponent(d.code)}">${storedHtml(d.name, t)}</a><br><span class="govuk-body-s app-code">${escapeHtml(d.code)}</span>`,
          },
          { text: domainText(t, d.domain) },
          { text: t(`insight.units.${d.unit}`) },
          { text: directionText(t, d) },
          { text: d.value_count, format: 'numeric' },
        ]),
    }))
    .filter((g) => g.rows.length);
}

/** The definitions as CSV or JSON rows. */
export function indicatorsDownload(list: IndicatorListRow[]): Record<string, unknown>[] {
  return list.map((d) => ({
    code: d.code,
    name: d.name,
    framework: d.framework,
    domain: d.domain,
    unit: d.unit,
    higher_is_better: d.higher_is_better,
    geography_level: d.geography_level,
    breakdowns: d.breakdowns.join(' '),
    source: d.source,
    description: d.description,
    own: d.council_id !== null,
    values: d.value_count,
  }));
}

/** The choices of the define form. */
export const defineChoices = {
  units: UNITS,
  levels: GEO_LEVELS.filter((l) => l !== 'country'),
  breakdowns: BREAKDOWNS,
};
