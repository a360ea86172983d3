/** Words and small HTML pieces the insight pages share (pure: a translator in, strings out). */
import type { GeoLevel } from '../../../geo/gss.ts';
import { hasKey, type Translate } from '../../../i18n/index.ts';
import { formatChange, ordinal } from '../format.ts';
import type { IndicatorRow } from '../model.ts';

/** The cells of a GOV.UK table row. */
export type Cell = { text: string | number; format?: 'numeric'; classes?: string; colspan?: number } | { html: string };

export { escapeHtml } from '../../../lib/html.ts';

/** Label of a census category or pair ("Bangladeshi vs WhiteBrit"), through the census catalogue when known. */
export function groupLabel(t: Translate, code: string): string {
  if (code === 'all') return t('insight.groups.all');
  if (code.includes(' vs '))
    return code
      .split(' vs ')
      .map((c) => groupLabel(t, c))
      .join(t('insight.groups.versus'));
  return hasKey(`census.ethnicGroup.${code}`) ? t(`census.ethnicGroup.${code}`) : code;
}

/** Periods as numbers for the line chart: 2021 → 2021, 2021/22 → 2021.25, 2024-Q2 → 2024.25, 2024-03 → 2024.17. */
export function periodX(p: string): number {
  const year = Number(p.slice(0, 4));
  const rest = p.slice(5);
  if (/^Q[1-4]$/.test(rest)) return year + (Number(rest[1]) - 1) / 4;
  if (/^H[12]$/.test(rest)) return year + (Number(rest[1]) - 1) / 2;
  if (/^W\d{2}$/.test(rest)) return year + (Number(rest.slice(1)) - 1) / 53;
  if (/^\d{2}$/.test(rest) && p[4] === '-') return year + (Number(rest) - 1) / 12;
  if (rest) return year + 0.25;
  return year;
}

export function directionText(t: Translate, d: Pick<IndicatorRow, 'higher_is_better'>): string {
  return t(`insight.direction.${d.higher_is_better === null ? 'neither' : d.higher_is_better ? 'higher' : 'lower'}`);
}

export function positionText(
  t: Translate,
  p: { rank: number; of: number; quartile: number; among: string; level: GeoLevel } | null,
): string {
  if (!p) return t('insight.profile.noPosition');
  return t(`insight.profile.position.${p.among}`, {
    rank: ordinal(p.rank),
    of: p.of,
    quartile: t(`insight.quartile.${p.quartile}`),
    level: midSentence(t(`geography.levelsPlural.${p.level}`)),
  });
}

/** A label as it reads inside a sentence: "Wards" → "wards", "Output areas" → "output areas", "LSOAs" kept. */
export function midSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

export function changeText(
  t: Translate,
  d: Pick<IndicatorRow, 'unit' | 'higher_is_better'>,
  change: { change: number; significant: boolean | null } | null,
  baseline: string | undefined,
): string {
  if (!change || !baseline) return t('insight.profile.noTrend');
  const size = formatChange(d.unit, change.change);
  const better =
    d.higher_is_better === null || change.change === 0
      ? 'neutral'
      : change.change > 0 === d.higher_is_better
        ? 'better'
        : 'worse';
  const sig =
    change.significant === null
      ? ''
      : change.significant
        ? t('insight.change.significant')
        : t('insight.change.notSignificant');
  return `${t(`insight.change.${better}`, { size, baseline })}${sig ? ` ${sig}` : ''}`;
}

/** The domain's name from the catalogue, else its code in words. */
/** A domain's human name: from the catalogue, else the code as a sentence ("council_survey" → "Council survey"). */
export function domainText(t: Translate, domain: string): string {
  for (const key of [`insight.domains.${domain}`, `insight.domainNames.${domain}`]) if (t(key) !== key) return t(key);
  const words = domain.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
