-- Connect: matching programmes (ESOL classes, school linking, intergenerational friendships), their waiting lists
-- and placements.
-- Every table is owned by a council (council_id) and every query filters by it. Coordinates are British National
-- Grid eastings and northings in metres. Learners' personal data is minimal: a reference the council chooses,
-- level, slots, location and the date they joined the list; an email address only to send an offer (erased on
-- the retention schedule, with the location, once the person has left the list).

create table connect_programmes (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  kind text not null check (kind in ('esol','linking','friendship')),
  name text not null,
  max_km double precision not null check (max_km >= 0 and max_km <= 1000),
  last_run_at timestamptz,
  last_objective double precision,
  created_at timestamptz not null default now(),
  unique (council_id, name)
);

-- ESOL classes (kind esol) or school classes to link (kind linking).
create table connect_classes (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  programme_id uuid not null references connect_programmes(id) on delete cascade,
  code text not null,                               -- the council's own id, e.g. C01
  level text,                                       -- esol
  slot text,                                        -- esol, e.g. Mon-AM
  capacity integer check (capacity >= 0),           -- esol
  venue text,                                       -- esol, optional
  school text,                                      -- linking
  share double precision check (share >= 0 and share <= 1), -- linking
  x double precision not null,
  y double precision not null,
  partner_id uuid references connect_classes(id) on delete set null, -- linking: the class it is linked with
  explanation jsonb,                                -- linking: why linked or not, from the last run
  unique (programme_id, code)
);
create index connect_classes_council on connect_classes(council_id, programme_id);

-- The waiting list of an ESOL programme.
create table connect_people (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  programme_id uuid not null references connect_programmes(id) on delete cascade,
  reference text not null,
  level text not null,
  slots text[] not null,
  x double precision,                               -- personal: erased on the retention schedule
  y double precision,
  ward_code text,
  joined_on date not null,
  email text,                                       -- personal: only to send an offer
  status text not null default 'waiting'
    check (status in ('waiting','offered','accepted','declined','placed','withdrawn')),
  class_id uuid references connect_classes(id) on delete set null,
  score double precision,
  distance_km double precision,
  explanation jsonb,                                -- why placed or not, from the last run
  offered_at timestamptz,
  offer_token_hash text unique,                     -- SHA-256 of the single-use link in the offer email
  responded_at timestamptz,
  updated_at timestamptz not null default now(),
  erased_at timestamptz,
  unique (programme_id, reference)
);
create index connect_people_council on connect_people(council_id, programme_id, status);
create index connect_people_retention on connect_people(status, updated_at) where erased_at is null;

-- Volunteers of an intergenerational friendship programme: older and younger neighbours paired one to one by
-- shared interests, availability and distance, with their stated preferences as hard rules.
create table connect_volunteers (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  programme_id uuid not null references connect_programmes(id) on delete cascade,
  reference text not null,
  side text not null check (side in ('older','younger')),
  interests text[] not null default '{}',
  slots text[] not null,
  x double precision not null,                      -- personal
  y double precision not null,
  gender text,                                      -- personal, only when a preference needs it
  partner_gender text,                              -- stated preference
  must_share_interest boolean not null default false,
  avoid text[] not null default '{}',               -- references of volunteers not to be paired with
  partner_id uuid references connect_volunteers(id) on delete set null,
  explanation jsonb,
  unique (programme_id, reference)
);
create index connect_volunteers_council on connect_volunteers(council_id, programme_id);
