/**
 * Commissioning's section of the quarterly cabinet report: grants awarded in the period (withdrawn ones left
 * out), by ward and by programme, with counts and amounts. A grant to several wards counts once in each, and
 * its amount is shared equally between them, so the ward amounts add up to the total; a grant with no ward is
 * shown as council-wide. Grant counts are not personal data and are not suppressed.
 */
import { actorCan } from '../../kernel/access.ts';
import { isLanguage, translate } from '../../i18n/index.ts';
import type { ReportContributor } from '../../kernel/reports.ts';
import type { CommissioningServices } from './services/index.ts';
import { wardsOf, type CommissioningContext } from './services/context.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

export function commissioningReport(ctx: CommissioningContext, services: CommissioningServices): ReportContributor {
  return async (actor, period, lang) => {
    if (!actorCan(actor, 'commissioning.grants')) return null;
    const language = isLanguage(lang) ? lang : 'en';
    const t = (key: string, params?: Record<string, string | number>) =>
      translate(language, `commissioning.report.${key}`, params);
    const money = (n: number) =>
      new Intl.NumberFormat(language === 'cy' ? 'cy-GB' : 'en-GB', { style: 'currency', currency: 'GBP' }).format(n);
    const grants = (await services.grants.list(actor, { from: day(period.from), to: day(period.to) })).filter(
      (g) => g.status !== 'withdrawn',
    );
    const total = grants.reduce((s, g) => s + g.amount, 0);
    const wardNames = new Map((await wardsOf(ctx, actor.council)).map((w) => [w.code, w.name]));
    const byWard = new Map<string, { count: number; amount: number }>();
    const byProgramme = new Map<string, { count: number; amount: number }>();
    const add = (m: Map<string, { count: number; amount: number }>, key: string, amount: number) => {
      const acc = m.get(key) ?? { count: 0, amount: 0 };
      acc.count += 1;
      acc.amount += amount;
      m.set(key, acc);
    };
    for (const g of grants) {
      if (g.areas.length === 0) add(byWard, t('councilWide'), g.amount);
      for (const code of g.areas) add(byWard, wardNames.get(code) ?? code, g.amount / g.areas.length);
      add(byProgramme, g.programme_name ?? t('noProgramme'), g.amount);
    }
    const rows = (m: Map<string, { count: number; amount: number }>) =>
      [...m]
        .sort((a, b) => b[1].amount - a[1].amount || a[0].localeCompare(b[0]))
        .map(([name, v]) => [name, String(v.count), money(Math.round(v.amount * 100) / 100)]);
    const head = (first: string) => [first, t('grants'), t('amount')];
    return {
      key: 'commissioning.grants',
      title: t('title'),
      paragraphs: [
        grants.length
          ? t('summary', { count: grants.length, amount: money(total), period: period.label })
          : t('none', { period: period.label }),
      ],
      tables: grants.length
        ? [
            { caption: t('byWard'), head: head(t('ward')), rows: rows(byWard), numeric: [false, true, true] },
            {
              caption: t('byProgramme'),
              head: head(t('programme')),
              rows: rows(byProgramme),
              numeric: [false, true, true],
            },
          ]
        : [],
    };
  };
}
