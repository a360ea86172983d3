/**
 * The directory's section of the quarterly cabinet report: the groups listed by the quarter's end (and how many
 * were added in the quarter), their active services, and the wards with a provision gap against population
 * (src/stats/provision.ts: no service covers the ward, or it has fewer than half the median places per 1,000
 * residents), worked out from the services of the groups listed by then. The directory keeps no history of
 * services, so those are the services as currently recorded. Groups, services and census populations are not
 * people, so nothing here is suppressed.
 */
import { actorCan } from '../../kernel/access.ts';
import type { Db } from '../../db/index.ts';
import { isLanguage, translate } from '../../i18n/index.ts';
import type { ReportContributor, ReportPeriod, ReportSection } from '../../kernel/reports.ts';
import type { Provision } from '../../stats/provision.ts';
import type { DirectoryOrganisation } from './model.ts';
import * as repo from './repository.ts';
import type { DirectoryServices } from './services/index.ts';

export interface DirectoryFigures {
  /** Groups added before the quarter's end. */
  readonly groups: number;
  /** Of which added in the quarter. */
  readonly added: number;
  /** Active services of those groups. */
  readonly services: number;
  readonly wards: number;
  /** Gap wards, fewest places per 1,000 residents first. */
  readonly gaps: Provision['wards'];
  readonly medianPer1000: number | null;
}

/** Which groups were listed by the quarter's end, and how many of them in it. */
export function listedBy(
  dates: readonly { id: string; created_at: Date }[],
  period: Pick<ReportPeriod, 'from' | 'to'>,
) {
  const listed = new Set(dates.filter((d) => d.created_at < period.to).map((d) => d.id));
  const added = dates.filter((d) => d.created_at >= period.from && d.created_at < period.to).length;
  return { listed, added };
}

/** The section's figures from the groups listed by the quarter's end and the provision of their services. */
export function directoryFigures(
  listed: { listed: ReadonlySet<string>; added: number },
  organisations: readonly DirectoryOrganisation[],
  result: Provision,
): DirectoryFigures {
  const mine = organisations.filter((o) => listed.listed.has(o.id));
  return {
    groups: listed.listed.size,
    added: listed.added,
    services: mine.reduce((n, o) => n + o.services.filter((s) => s.status === 'active').length, 0),
    wards: result.wards.length,
    gaps: result.wards
      .filter((w) => w.gap)
      .sort((a, b) => (a.placesPer1000 ?? -1) - (b.placesPer1000 ?? -1) || a.name.localeCompare(b.name)),
    medianPer1000: result.medianPer1000,
  };
}

export function directoryReport(deps: { db: Db; services: DirectoryServices }): ReportContributor {
  return async (actor, period, lang): Promise<ReportSection | null> => {
    if (!actorCan(actor, 'directory.view')) return null;
    const language = isLanguage(lang) ? lang : 'en';
    const t = (key: string, params?: Record<string, string | number>) =>
      translate(language, `directory.report.${key}`, params);
    const number = (n: number | null, digits: number) =>
      n === null
        ? '–'
        : n.toLocaleString(language === 'cy' ? 'cy-GB' : 'en-GB', {
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          });
    const listed = listedBy(await repo.listingDates(deps.db, actor.council.id), period);
    if (!listed.listed.size) return null;
    const p = await deps.services.provision.figures(actor.council, (id) => listed.listed.has(id));
    const f = directoryFigures(listed, p.organisations, p.result);
    const hasPopulation = p.dataset !== null && f.wards > 0;
    return {
      key: 'directory.provision',
      title: t('title'),
      paragraphs: [
        t('summary', { groups: f.groups, added: f.added, services: f.services, period: period.label }),
        hasPopulation && p.dataset
          ? t('gaps', {
              gaps: f.gaps.length,
              wards: f.wards,
              median: number(f.medianPer1000, 1),
              year: p.dataset.period,
            })
          : t('noPopulation'),
        t('note'),
      ],
      tables: hasPopulation
        ? [
            {
              caption: t('caption', { period: period.label }),
              head: [t('ward'), t('residents'), t('services'), t('per1000')],
              rows: f.gaps.map((w) => [
                w.name,
                number(w.population, 0),
                String(w.services),
                number(w.placesPer1000, 1),
              ]),
              numeric: [false, true, true, true],
            },
          ]
        : [],
    };
  };
}
