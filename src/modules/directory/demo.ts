/**
 * The demo council's directory: fictional groups with services spread over its wards, some for particular
 * census groups, so that the provision page shows coverage, gaps and representation. Deterministic; skipped
 * when the council already has a directory.
 */
import { systemActor, type Council } from '../../kernel/actor.ts';
import type { ServiceInput } from './model.ts';
import type { DirectoryServices } from './services/index.ts';

interface DemoGroup {
  name: string;
  description: string;
  services: {
    name: string;
    capacity: number;
    /** Indices into the council's wards (taken modulo their number); empty = the whole area. */
    wards: number[];
    serves: string[];
    category: string;
    byday: string;
    opensAt: string;
    closesAt: string;
  }[];
  partner?: string;
}

const GROUPS: DemoGroup[] = [
  {
    name: 'Demoshire Volunteer Centre (fictional)',
    description: 'Finds volunteering for residents and supports local groups.',
    partner: 'Demoshire Volunteer Centre (fictional)',
    services: [
      {
        name: 'Volunteer matching',
        capacity: 120,
        wards: [],
        serves: [],
        category: 'Volunteering',
        byday: 'MO,WE',
        opensAt: '10:00',
        closesAt: '16:00',
      },
    ],
  },
  {
    name: 'Northgate Community Kitchen (fictional)',
    description: 'Shared meals and cooking classes open to all.',
    services: [
      {
        name: 'Friday community meal',
        capacity: 60,
        wards: [0, 1],
        serves: [],
        category: 'Food',
        byday: 'FR',
        opensAt: '17:00',
        closesAt: '19:30',
      },
      {
        name: 'Cooking together for women',
        capacity: 15,
        wards: [0, 1],
        serves: ['Pakistani', 'Bangladeshi'],
        category: 'Food',
        byday: 'TU',
        opensAt: '10:00',
        closesAt: '12:00',
      },
    ],
  },
  {
    name: 'Riverside Conversation Club (fictional)',
    description: 'Informal English conversation practice run by volunteers.',
    services: [
      {
        name: 'Conversation café',
        capacity: 30,
        wards: [2, 3, 4],
        serves: ['OtherWhite', 'BlkAfrican', 'Arab', 'Other'],
        category: 'Language',
        byday: 'TH',
        opensAt: '18:00',
        closesAt: '20:00',
      },
    ],
  },
  {
    name: 'Demoshire Interfaith Forum (fictional)',
    description: 'Brings faith communities together through visits and shared events.',
    partner: 'Demoshire Interfaith Forum (fictional)',
    services: [
      {
        name: 'Open doors visits',
        capacity: 40,
        wards: [],
        serves: [],
        category: 'Interfaith',
        byday: 'SU',
        opensAt: '14:00',
        closesAt: '16:00',
      },
    ],
  },
  {
    name: 'Old and Young Together (fictional)',
    description: 'Pairs older and younger neighbours for regular visits.',
    services: [
      {
        name: 'Neighbour pairs',
        capacity: 25,
        wards: [5, 6],
        serves: [],
        category: 'Friendship',
        byday: 'SA',
        opensAt: '11:00',
        closesAt: '13:00',
      },
    ],
  },
  {
    name: 'Caribbean Elders Lunch Club (fictional)',
    description: 'A weekly lunch and social club.',
    services: [
      {
        name: 'Lunch club',
        capacity: 35,
        wards: [3],
        serves: ['BlkCaribbean'],
        category: 'Food',
        byday: 'WE',
        opensAt: '12:00',
        closesAt: '14:30',
      },
    ],
  },
  {
    name: 'Eastfield Youth Football (fictional)',
    description: 'Mixed football sessions for young people from every part of town.',
    services: [
      {
        name: 'Saturday football',
        capacity: 80,
        wards: [7, 8, 9],
        serves: [],
        category: 'Sport',
        byday: 'SA',
        opensAt: '09:30',
        closesAt: '12:00',
      },
    ],
  },
];

export async function seedDirectoryDemo({ entries }: DirectoryServices, council: Council): Promise<void> {
  if ((await entries.list(council)).length > 0) return;
  const actor = systemActor(council, 'demo');
  const wards = (await entries.wards(council)).map((w) => w.code);
  const categories = new Set((await entries.groups(council))?.categories ?? []);
  const partners = await entries.partners(council);
  for (const g of GROUPS) {
    const id = await entries.addOrganisation(actor, {
      name: g.name,
      description: g.description,
      email: null,
      website: null,
      partnerOrganisationId: partners.find((p) => p.name === g.partner)?.id ?? null,
    });
    for (const s of g.services) {
      const input: ServiceInput = {
        name: s.name,
        description: '',
        status: 'active',
        email: null,
        url: null,
        minimumAge: null,
        maximumAge: null,
        capacity: s.capacity,
        serves: s.serves.filter((x) => categories.has(x)),
        areas: wards.length ? [...new Set(s.wards.map((k) => wards[k % wards.length]))] : [],
        locations: [],
        terms: [{ taxonomy: 'cohesion-observatory:activity', name: s.category }],
        contacts: [{ name: null, title: 'Volunteer coordinator' }],
        schedules: [{ freq: 'WEEKLY', byday: s.byday, opensAt: s.opensAt, closesAt: s.closesAt, description: null }],
      };
      await entries.addService(actor, id, input);
    }
  }
}
