/**
 * Stub services for the tensions route tests: every method the routes call, as a vi.fn with realistic
 * data, and a route-test app (test/helpers/routes.ts) built on them with a fixed clock.
 */
import { expect, vi } from 'vitest';
import { routeTestApp, TEST_COUNCIL, TEST_USER_ID } from '../../../../test/helpers/routes.ts';
import type { Role } from '../../../kernel/access.ts';
import { discloseBreakdown } from '../disclosure.ts';
import type { ReportRow } from '../repository/cases.ts';
import type { EventRow } from '../repository/events.ts';
import type { IntelligenceRow } from '../repository/intelligence.ts';
import type { LevelRow } from '../repository/levels.ts';
import { DEFAULT_SETTINGS } from '../repository/settings.ts';
import { tensionsRoutes } from '../routes/index.ts';
import type { TensionsServices } from '../services/index.ts';
import { breakdowns } from '../services/reports.ts';

/** Wednesday of ISO week 2025-W11. */
export const NOW = new Date('2025-03-12T10:00:00Z');
export const WEEK = '2025-W11';
export const IDS = {
  case: '11111111-1111-4111-8111-111111111111',
  otherCase: '11111111-1111-4111-8111-222222222222',
  organisation: '22222222-2222-4222-8222-222222222222',
  intelligence: '33333333-3333-4333-8333-333333333333',
  event: '44444444-4444-4444-8444-444444444444',
  action: '55555555-5555-4555-8555-555555555555',
};
export const WARDS = [
  { code: 'X05000001', name: 'Riverside' },
  { code: 'X05000002', name: 'Hilltop' },
];

export const level = (wardCode: string, finalLevel: number, override: number | null = null): LevelRow => ({
  ward_code: wardCode,
  iso_week: WEEK,
  computed_score: 4.25,
  computed_level: 3,
  override_level: override,
  override_rationale: override ? 'Police intelligence (stub)' : null,
  override_by_name: override ? 'Olu Officer' : null,
  override_at: override ? NOW : null,
  final_level: finalLevel,
  signals: 3,
  computed_at: NOW,
});

export const report = (over: Partial<ReportRow> = {}): ReportRow => ({
  id: IDS.case,
  council_id: TEST_COUNCIL.id,
  reference: 'TR-ABCD-EFGH',
  channel: 'online',
  recorded_by_name: null,
  reporting_centre: null,
  what_happened: 'Stickers on the bus shelter (stub account)',
  location_text: 'Riverside Road',
  ward_code: 'X05000001',
  ward_name: 'Riverside',
  happened_on: '2025-03-10',
  ongoing: 'no',
  motivations: ['race'],
  motivation_other: null,
  cause: null,
  reporter_role: 'witness',
  contact_name: 'Pat Reporter',
  contact_email: 'pat@example.com',
  contact_phone: null,
  contact_consent: true,
  status: 'new',
  severity: 2,
  assigned_org: null,
  assigned_org_name: null,
  first_contact_at: null,
  senior_contact_at: null,
  redacted_at: null,
  erased_at: null,
  received_at: NOW,
  updated_at: NOW,
  ...over,
});

const intelligenceRow: IntelligenceRow = {
  id: IDS.intelligence,
  source_type: 'police',
  grading: 'evidenced',
  category: 'far_right_extremism',
  ward_code: 'X05000001',
  ward_name: 'Riverside',
  summary: 'Leaflets from a far-right group (stub summary)',
  confidence: 'high',
  sensitivity: 'official',
  handling: 'all_partners',
  severity: 2,
  observed_on: '2025-03-11',
  organisation_id: IDS.organisation,
  organisation_name: 'A Police',
  recorded_by_name: 'Olu Officer',
  erased_at: null,
  recorded_at: NOW,
  shared_with: null,
};

const eventRow: EventRow = {
  id: IDS.event,
  title: 'March in the town centre (stub event)',
  scope: 'local',
  description: 'A march is planned on Saturday.',
  ward_codes: ['X05000001'],
  impact: { background: 'Announced online (stub impact)' },
  declared_by_name: 'Olu Officer',
  declared_at: NOW,
  closed_at: null,
  closed_reason: null,
  rumours: 1,
  open_actions: 1,
};

export function stubServices() {
  const settings = { council_id: TEST_COUNCIL.id, ...DEFAULT_SETTINGS, updated_at: NOW };
  const picture = {
    wards: WARDS,
    rows: [
      { ...WARDS[0], level: level('X05000001', 4, 4), previous: 2, threshold: 3, heightened: true },
      { ...WARDS[1], level: level('X05000002', 1), previous: 1, threshold: 4, heightened: false },
    ],
    events: [eventRow],
    alerts: [],
    settings,
  };
  const trend = {
    rows: [level('X05000001', 4)],
    weeks: [{ week: WEEK, maxLevel: 4, raised: 1, computed: 3, final: 4 }],
  };
  const caseView = {
    report: report(),
    personal: true,
    history: [
      {
        from_status: null,
        to_status: 'new' as const,
        reason: 'Received (stub)',
        organisation_name: null,
        user_name: null,
        at: NOW,
      },
    ],
    notes: [{ body: 'Spoke to the reporter (stub note)', user_name: 'Olu Officer', organisation_name: null, at: NOW }],
    linked: [],
    shares: [],
    due: { contact: NOW, senior: NOW },
    overdue: { contact: false, senior: false },
  };
  const draft = (answers: Record<string, unknown> = {}, reference: string | null = null) => ({
    token_hash: 'hash',
    council_id: TEST_COUNCIL.id,
    answers,
    submission_key: 'submission-key-0001',
    reference,
  });
  const weekly = {
    week: WEEK,
    from: NOW,
    to: NOW,
    threshold: 5,
    levels: picture.rows,
    reports: breakdowns([{ ward_code: 'X05000001', motivations: ['race'], received_at: NOW }], WARDS, 5, null),
    intelligence: discloseBreakdown([{ key: 'evidenced', n: 7 }], 7, 5),
    events: [eventRow],
    alerts: [],
  };
  const range: [Date, Date] = [new Date('2024-10-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z')];
  const quarterly = {
    quarter: '2024-Q4',
    from: range[0],
    to: range[1],
    threshold: 5,
    targets: { contactHours: 24, seniorDays: 7 },
    ...breakdowns([], WARDS, 5, range),
    status: discloseBreakdown([{ key: 'new', n: 0 }], 0, 5),
    contactRate: { value: null, suppressed: true },
    seniorRate: { value: 80, suppressed: false },
  };
  return {
    settings: { get: vi.fn(async () => settings), save: vi.fn(async () => undefined) },
    places: {
      wards: vi.fn(async () => WARDS),
      ward: vi.fn(async (_c: unknown, code: string) => WARDS.find((w) => w.code === code) ?? null),
      boundaries: vi.fn(async () => []),
      organisations: vi.fn(async () => [{ id: IDS.organisation, name: 'A Police', kind: 'police', members: 1 }]),
    },
    intake: {
      publicCouncil: vi.fn(async (slug: string) => (slug === TEST_COUNCIL.slug ? TEST_COUNCIL : null)),
      draft: vi.fn(async (_c: unknown, token: string | undefined) => (token ? draft() : undefined)),
      startDraft: vi.fn(async () => ({ token: 'draft-token-0123456789abcdef' })),
      saveAnswers: vi.fn(async () => undefined),
      submitDraft: vi.fn(async () => ({ id: IDS.case, reference: 'TR-ABCD-EFGH', duplicate: false })),
      submit: vi.fn(async () => ({ id: IDS.case, reference: 'TR-ABCD-EFGH', duplicate: false })),
      submitAssisted: vi.fn(async () => ({ id: IDS.case, reference: 'TR-ASST-KEYS', duplicate: false })),
      wardFor: vi.fn(async () => WARDS[0]),
    },
    cases: {
      list: vi.fn(async () => ({ rows: [{ ...report(), overdue: true }], total: 1 })),
      overdueCount: vi.fn(async () => 2),
      find: vi.fn(async (_a: unknown, id: string) => (id === IDS.case ? report() : undefined)),
      view: vi.fn(async (_a: unknown, id: string) => (id === IDS.case ? caseView : undefined)),
    },
    triage: {
      changeStatus: vi.fn(async () => undefined),
      assign: vi.fn(async () => undefined),
      share: vi.fn(async () => undefined),
      classify: vi.fn(async () => undefined),
      recordContact: vi.fn(async () => undefined),
      addNote: vi.fn(async () => undefined),
      link: vi.fn(async () => undefined),
      redact: vi.fn(async () => undefined),
    },
    intelligence: {
      list: vi.fn(async () => ({ rows: [intelligenceRow], total: 1 })),
      entry: vi.fn(async (_a: unknown, id: string) => (id === IDS.intelligence ? intelligenceRow : undefined)),
      record: vi.fn(async () => IDS.intelligence),
    },
    assessment: {
      picture: vi.fn(async () => picture),
      trend: vi.fn(async () => trend),
      override: vi.fn(async () => undefined),
    },
    events: {
      list: vi.fn(async () => [eventRow]),
      event: vi.fn(async (_c: unknown, id: string) =>
        id === IDS.event
          ? {
              event: eventRow,
              rumours: [
                {
                  id: 'r1',
                  rumour: 'The hotel will house 500 men (stub rumour)',
                  heard_on: 'Social media',
                  counter_message: '',
                  counter_channel: '',
                  status: 'open',
                  recorded_at: NOW,
                },
              ],
              actions: [
                {
                  id: IDS.action,
                  action: 'Meet faith leaders (stub action)',
                  owner: 'Cohesion team',
                  due_on: '2025-03-14',
                  status: 'open',
                  recorded_at: NOW,
                },
              ],
            }
          : undefined,
      ),
      declare: vi.fn(async () => IDS.event),
      addRumour: vi.fn(async () => undefined),
      addAction: vi.fn(async () => undefined),
      completeAction: vi.fn(async () => undefined),
      saveImpact: vi.fn(async () => undefined),
      close: vi.fn(async () => undefined),
    },
    reports: {
      weekly: vi.fn(async () => weekly),
      quarterly: vi.fn(async () => quarterly),
      exportCases: vi.fn(async () => [{ reference: 'TR-ABCD-EFGH', ward_name: 'Riverside', status: 'new' }]),
    },
    /** A draft with these answers for the journey's pages (the cookie must be set by the test). */
    draft,
  };
}

export type Stubs = ReturnType<typeof stubServices>;

/** The tensions routes on these stubs, signed in with `role` (anonymous without one), at NOW. */
export function tensionsRouteApp(stubs: Stubs, role?: Role) {
  return routeTestApp({ routes: tensionsRoutes(stubs as unknown as TensionsServices, () => NOW), role });
}

/** Whether a stub was called with the signed-in member as the actor (first argument). */
export const byMember = (role: Role) =>
  expect.objectContaining({ userId: TEST_USER_ID, role, council: expect.objectContaining({ slug: 'council-a' }) });
