/**
 * Fictional tension monitoring data for the demo council: reports (online and assisted) at every stage of
 * triage, partner intelligence, an open and a closed trigger event with rumour and action logs, and 12 weeks
 * of ward tension levels with one officer override. Deterministic for a given seed and "now"; every name and
 * account is invented. Seeds once: it does nothing when the council already has tension settings.
 */
import type { Council } from '../../kernel/actor.ts';
import { createDraws } from '../../stats/random.ts';
import { addWeeks, isoWeek } from '../../stats/tension.ts';
import { MOTIVATIONS, type Motivation, type Status } from './model.ts';
import * as repo from './repository/index.ts';
import { newReference } from './rules.ts';
import type { TensionsContext } from './services/context.ts';
import type { TensionsServices } from './services/index.ts';

const ACCOUNTS = [
  'Stickers with a racist slogan were put on the bus shelter and lamp posts overnight (fictional).',
  'A group of young people shouted abuse at a woman wearing a headscarf outside the shops (fictional).',
  'Someone keeps leaving rubbish outside the new family’s door and has told them to go back where they came from (fictional).',
  'A post in a local social media group claims a mosque is being built on the park; the comments are getting nasty (fictional).',
  'Graffiti targeting gay people was sprayed on the underpass (fictional).',
  'My neighbour, who uses a wheelchair, was mocked and filmed by teenagers at the bus stop (fictional).',
  'Arguments between older residents and young people at the community centre have turned into threats (fictional).',
  'A trans woman was followed and verbally abused on her way home from the station (fictional).',
  'Leaflets from a far-right group were pushed through doors on our street (fictional).',
  'The windows of the Polish shop were smashed for the second time this month (fictional).',
];
const CAUSES = [
  'Rumours online about new housing for refugees (fictional).',
  'Tension since the football match last weekend (fictional).',
  null,
  'People blaming newcomers for the lack of school places (fictional).',
  null,
];
const CENTRES = [
  'Northgate Library (fictional)',
  'Demoshire Citizens Advice (fictional)',
  'Riverside Community Hub (fictional)',
];
const NOTES = [
  'Spoke to the reporter; they are happy for the police to visit (fictional).',
  'Neighbourhood team will patrol the area this weekend (fictional).',
  'Housing officer has contacted the family and offered support (fictional).',
];
const INTEL = [
  'Increase in hostile comments on local social media pages about an asylum hotel (fictional).',
  'School reports pupils repeating slurs heard at home after a national news story (fictional).',
  'Faith leaders report worshippers feel unsafe walking to evening prayers (fictional).',
  'Housing provider notes a cluster of neighbour disputes with racial undertones (fictional).',
  'Police aware of a planned protest at the town hall next month (fictional).',
  'Councillor hears that young people from two estates are arranging fights (fictional).',
];

const DAY = 86_400_000;

/**
 * The module's `demo(council)` hook. Writes through the module's repository rather than its services, because
 * it backdates what the services stamp with the current time; levels go through the assessment service.
 */
export async function seedTensionsDemo(
  ctx: Pick<TensionsContext, 'db' | 'admin'>,
  services: Pick<TensionsServices, 'assessment' | 'alerts' | 'places'>,
  council: Council,
): Promise<void> {
  const { db } = ctx;
  const councilId = council.id;
  if (await repo.hasSettings(db, councilId)) return;
  const rng = createDraws(4242);
  const now = Date.now();
  await repo.saveSettings(db, councilId, {
    contact_hours: 24,
    senior_contact_days: 7,
    alert_level: 4,
    heightened_alert_level: 3,
    suppression_threshold: 5,
    retention_months: 24,
    monitoring_group: 'tension-group@demoshire.example, community-safety@demoshire.example',
    assisted_reporting: true,
  });
  const wards = await services.places.wards(council);
  const orgs = await ctx.admin.organisations(councilId);
  const police = orgs.find((o) => o.kind === 'police') ?? orgs[0];
  if (!wards.length || !police) return;
  const users = (await ctx.admin.members(councilId, 1, 1000)).rows;
  const officer = users.find((u) => u.email.startsWith('officer@'))?.user_id ?? null;
  const partner = users.find((u) => u.email.startsWith('partner@'))?.user_id ?? null;
  const noteAuthor = officer ?? partner;

  // A few wards carry most of the tension; half of the wards stay quiet.
  const shuffled = rng.shuffle(wards);
  const hot = shuffled.slice(0, 3);
  const warm = shuffled.slice(3, Math.floor(wards.length / 2));
  const pickWard = () => {
    const r = rng.next();
    if (r < 0.6) return rng.pick(hot);
    if (r < 0.9) return rng.pick(warm.length ? warm : hot);
    return null; // location could not be matched to a ward
  };

  const reportIds: { id: string; ageDays: number; wardCode: string | null }[] = [];
  for (let i = 0; i < 90; i++) {
    const ageDays = Math.floor(Math.pow(rng.next(), 1.4) * 120);
    const ward = ageDays > 56 && rng.next() < 0.3 ? rng.pick(shuffled.slice(Math.floor(wards.length / 2))) : pickWard();
    const received = new Date(now - ageDays * DAY - rng.int(0, 20) * 3_600_000);
    const happened = new Date(received.getTime() - rng.int(0, 3) * DAY);
    const nMot = rng.next() < 0.2 ? 2 : 1;
    const motivations = rng.shuffle(MOTIVATIONS.filter((m) => m !== 'other')).slice(0, nMot) as Motivation[];
    if (rng.next() < 0.05) motivations.push('other');
    const contact = rng.next() < 0.4;
    const assisted = rng.next() < 0.15;
    const row = await repo.insertReport(db, {
      councilId,
      reference: newReference(),
      idempotencyKey: `demo-${String(i).padStart(4, '0')}-${rng.int(100000, 999999)}`,
      channel: assisted ? 'assisted' : 'online',
      recordedBy: assisted ? (partner ?? officer) : null,
      reportingCentre: assisted ? rng.pick(CENTRES) : null,
      what: rng.pick(ACCOUNTS),
      location: ward ? `Near the shops, ${ward.name}` : `${rng.pick(['DM1', 'DM4', 'DM7'])} ${rng.int(1, 9)}XY`,
      wardCode: ward?.code ?? null,
      happenedOn: happened.toISOString().slice(0, 10),
      ongoing: rng.pick(['yes', 'no', 'unknown'] as const),
      motivations,
      motivationOther: motivations.includes('other') ? 'Because of where they live (fictional)' : null,
      cause: rng.pick(CAUSES),
      reporterRole: rng.pick(['victim', 'witness', 'on_behalf'] as const),
      contactName: contact ? `Resident ${i + 1} (fictional)` : null,
      contactEmail: contact ? `resident${i + 1}@example.invalid` : null,
      contactPhone: contact && rng.next() < 0.5 ? '01632 960 000' : null,
      contactConsent: contact,
    });
    if (!row) continue;
    const severity = rng.next() < 0.15 ? 3 : rng.next() < 0.6 ? 2 : 1;
    // Older reports have moved further through triage.
    const path: Status[] =
      ageDays > 30
        ? ['triaged', 'assigned', 'in_progress', 'closed']
        : ageDays > 7
          ? (['triaged', 'assigned', 'in_progress'].slice(0, rng.int(1, 3)) as Status[])
          : ageDays > 1
            ? rng.next() < 0.5
              ? ['triaged']
              : []
            : [];
    let from: Status = 'new';
    let org: string | null = null;
    for (const [k, to] of path.entries()) {
      if (to === 'assigned') org = rng.next() < 0.7 ? police.id : rng.pick(orgs).id;
      await repo.insertHistory(db, {
        councilId,
        reportId: row.id,
        from,
        to,
        reason:
          to === 'closed'
            ? 'Support given and no further incidents reported (fictional).'
            : to === 'assigned'
              ? 'Best placed to respond (fictional).'
              : 'Reviewed by the duty officer (fictional).',
        assignedOrg: org,
        userId: officer,
      });
      await repo.backdateHistory(db, row.id, to, new Date(received.getTime() + (k + 1) * 6 * 3_600_000));
      from = to;
    }
    const contacted = ageDays > 1 && rng.next() < 0.8;
    await repo.backdateReport(db, {
      id: row.id,
      receivedAt: received,
      status: from,
      assignedOrg: org,
      severity,
      contacted,
      seniorContacted: ageDays > 7 && rng.next() < 0.75,
    });
    if (path.length && rng.next() < 0.5 && noteAuthor) {
      await repo.insertNote(db, {
        councilId,
        reportId: row.id,
        body: rng.pick(NOTES),
        userId: noteAuthor,
        organisationId: null,
      });
    }
    reportIds.push({ id: row.id, ageDays, wardCode: ward?.code ?? null });
  }
  // Two reports about the same incident, linked.
  const recentHot = reportIds.filter((r) => r.ageDays < 20 && r.wardCode === hot[0].code);
  if (recentHot.length >= 2) await repo.link(db, councilId, recentHot[0].id, recentHot[1].id);

  for (let i = 0; i < 28; i++) {
    const ageDays = rng.int(0, 100);
    const ward = rng.next() < 0.85 ? pickWard() : null;
    await repo.insertIntelligence(db, {
      councilId,
      sourceType: rng.pick([
        'police',
        'school',
        'housing',
        'faith',
        'voluntary',
        'councillor',
        'social_media',
      ] as const),
      grading: rng.pick(['evidenced', 'experienced', 'experienced', 'potential'] as const),
      category: rng.pick([
        'race',
        'faith',
        'far_right_extremism',
        'newcomers_migration',
        'anti_social_behaviour',
        'intergenerational',
        'online_social_media',
        'national_event',
      ] as const),
      wardCode: ward?.code ?? null,
      summary: rng.pick(INTEL),
      confidence: rng.pick(['low', 'medium', 'high'] as const),
      sensitivity: rng.next() < 0.2 ? 'official_sensitive' : 'official',
      handling: rng.next() < 0.15 ? 'council_only' : 'all_partners',
      severity: rng.int(1, 3),
      observedOn: new Date(now - ageDays * DAY).toISOString().slice(0, 10),
      organisationId: rng.next() < 0.5 ? police.id : null,
      recordedBy: officer,
      sharedWith: [],
      recordedAt: new Date(now - ageDays * DAY),
    });
  }

  const open = await repo.insertEvent(db, {
    councilId,
    title: 'Protest planned outside the town hall (fictional)',
    scope: 'local',
    description:
      'A group from outside the borough has announced a protest about asylum housing. A counter-protest is likely (fictional).',
    wardCodes: [hot[0].code, hot[1].code],
    userId: officer,
    declaredAt: new Date(now - 5 * DAY),
  });
  await repo.saveImpact(db, councilId, open, {
    background: 'Protest announced on social media for Saturday; about 200 expected (fictional).',
    communities:
      'Asylum seekers in the hotel; Muslim residents near the mosque; residents of the town centre (fictional).',
    impact: 'Risk of confrontation between protest and counter-protest; fear among asylum seekers (fictional).',
    sentiment: 'Mixed: many residents want the protest stopped; some sympathy online (fictional).',
  });
  await repo.insertRumour(db, {
    councilId,
    eventId: open,
    rumour: 'The hotel will house 500 single men from next week (fictional).',
    heardOn: 'Local community group on social media',
    counterMessage: 'The hotel has 60 rooms and houses families; no change is planned.',
    counterChannel: 'Council social media and ward councillors',
    status: 'countered',
    userId: officer,
  });
  await repo.insertRumour(db, {
    councilId,
    eventId: open,
    rumour: 'The mosque is organising a counter-protest (fictional).',
    heardOn: 'Messaging groups',
    counterMessage: '',
    counterChannel: '',
    status: 'open',
    userId: officer,
  });
  await repo.insertAction(db, {
    councilId,
    eventId: open,
    action: 'Meet faith leaders to agree reassurance messages (fictional)',
    owner: 'Cohesion team',
    dueOn: new Date(now + 2 * DAY).toISOString().slice(0, 10),
    userId: officer,
  });
  await repo.insertAction(db, {
    councilId,
    eventId: open,
    action: 'Police engagement visits to the hotel and mosque (fictional)',
    owner: police.name,
    dueOn: new Date(now + DAY).toISOString().slice(0, 10),
    userId: officer,
  });
  const closed = await repo.insertEvent(db, {
    councilId,
    title: 'International conflict in the news (fictional)',
    scope: 'international',
    description: 'Heightened monitoring after an overseas conflict led to arguments in schools (fictional).',
    wardCodes: [],
    userId: officer,
    declaredAt: new Date(now - 70 * DAY),
  });
  await repo.insertAction(db, {
    councilId,
    eventId: closed,
    action: 'Briefing for head teachers (fictional)',
    owner: 'Education team',
    dueOn: null,
    userId: officer,
  });
  await repo.completeAllActions(db, councilId, closed);
  await repo.closeEvent(db, councilId, closed, 'No further incidents for four weeks (fictional).');
  await repo.backdateEventClosed(db, councilId, closed, new Date(now - 40 * DAY));

  // Twelve weeks of levels, an officer's override this week, and the alert state as it stands (no e-mails).
  const week = isoWeek(new Date(now));
  for (let i = 11; i >= 0; i--)
    await services.assessment.recompute(council, { week: addWeeks(week, -i), alerts: false, now: new Date(now) });
  if (officer) {
    await repo.setOverride(db, {
      councilId,
      wardCode: hot[2].code,
      week,
      level: 3,
      rationale: 'Police report a planned gathering on Saturday that the reports do not yet show (fictional).',
      userId: officer,
    });
  }
  const thresholds = await services.alerts.thresholds(
    council,
    wards.map((w) => w.code),
  );
  for (const l of await repo.levelsForWeek(db, councilId, week)) {
    const threshold = thresholds.get(l.ward_code) ?? 4;
    const above = l.final_level >= threshold;
    await repo.markAbove(db, councilId, l.ward_code, above);
    if (above)
      await repo.insertAlert(db, {
        councilId,
        wardCode: l.ward_code,
        week,
        level: l.final_level,
        threshold,
        recipients: 2,
      });
  }
}
