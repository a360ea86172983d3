-- Commissioning: programmes (with the LGA's commissioning questions for cohesion as a checklist per stage and a
-- self-assessment rating per stage), grants to partner organisations, the grants' agreed outcome measures and
-- the partners' monitoring returns. Links to other modules' records (plans, plan outcomes) are kept as
-- {kind, id} pairs and resolved through the link registry.

-- The council's 360Giving settings: its registered grant identifier prefix and its own organisation identifier.
create table commissioning_settings (
  council_id uuid primary key references councils(id) on delete cascade,
  grant_prefix text not null check (grant_prefix ~ '^360G-[A-Za-z0-9][A-Za-z0-9_.-]{0,60}$'),
  funder_identifier text not null check (length(funder_identifier) between 3 and 100),
  updated_at timestamptz not null default now()
);

create table commissioning_programmes (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
  name text not null check (length(name) between 2 and 200),
  description text not null default '',
  budget numeric(14, 2) not null check (budget >= 0),
  starts_on date not null,
  ends_on date not null check (ends_on >= starts_on),
  areas text[] not null default '{}',          -- GSS codes of the council's wards the programme covers
  status text not null check (status in ('draft', 'open', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (council_id, code),
  unique (council_id, name)
);

-- Answers to the commissioning questions, one row per programme and question (the question keys are in code).
create table commissioning_answers (
  programme_id uuid not null references commissioning_programmes(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  question text not null check (question ~ '^(analyse|plan|do|review)\.[a-z][a-zA-Z]{1,40}$'),
  answer text not null default '',
  evidence text not null default '',
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (programme_id, question)
);

-- The LGA self-assessment rating of each stage of the cycle for a programme.
create table commissioning_ratings (
  programme_id uuid not null references commissioning_programmes(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  stage text not null check (stage in ('analyse', 'plan', 'do', 'review')),
  rating text not null check (rating in ('developing', 'achieving', 'excellent')),
  updated_at timestamptz not null default now(),
  primary key (programme_id, stage)
);

-- What 360Giving needs about a recipient that the platform's organisations table does not hold.
create table commissioning_recipients (
  organisation_id uuid primary key references organisations(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  org_identifier text not null check (org_identifier ~ '^[A-Z]{2}-[A-Za-z0-9]{2,12}-[A-Za-z0-9_.-]{1,60}$' or org_identifier ~ '^360G-[A-Za-z0-9_.-]{1,100}$'),
  charity_number text not null default '' check (charity_number ~ '^[A-Za-z0-9-]{0,20}$'),
  company_number text not null default '' check (company_number ~ '^[A-Za-z0-9]{0,10}$'),
  updated_at timestamptz not null default now(),
  unique (council_id, org_identifier)
);
create index commissioning_recipients_council on commissioning_recipients(council_id);

create table commissioning_grants (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  identifier text not null check (length(identifier) between 6 and 200),   -- the 360Giving grant id: prefix-local
  programme_id uuid references commissioning_programmes(id) on delete set null,
  recipient_id uuid not null references organisations(id) on delete restrict,
  title text not null check (length(title) between 2 and 200),
  description text not null check (length(description) between 2 and 4000),
  amount numeric(14, 2) not null check (amount > 0),
  currency text not null default 'GBP' check (currency ~ '^[A-Z]{3}$'),
  award_date date not null,
  planned_start date,
  planned_end date check (planned_end is null or planned_start is null or planned_end >= planned_start),
  areas text[] not null default '{}',          -- beneficiary wards (GSS codes)
  status text not null default 'active' check (status in ('active', 'completed', 'withdrawn')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (council_id, identifier)
);
create index commissioning_grants_council on commissioning_grants(council_id, award_date);
create index commissioning_grants_recipient on commissioning_grants(recipient_id);

-- A grant's links to other modules' records: plan outcomes (what it funds) and plans (for filtering exports).
create table commissioning_grant_links (
  grant_id uuid not null references commissioning_grants(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  kind text not null check (kind ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  ref_id text not null check (ref_id ~ '^[A-Za-z0-9_.@~-]{1,128}$'),
  primary key (grant_id, kind, ref_id)
);
create index commissioning_grant_links_ref on commissioning_grant_links(council_id, kind, ref_id);

-- The outcome measures agreed with the recipient, and the recipient's monitoring returns against them.
create table commissioning_measures (
  id uuid primary key default gen_random_uuid(),
  grant_id uuid not null references commissioning_grants(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  unit text not null default '' check (length(unit) <= 40),
  target numeric(14, 2),
  created_at timestamptz not null default now(),
  unique (grant_id, name)
);

create table commissioning_returns (
  id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references commissioning_measures(id) on delete cascade,
  grant_id uuid not null references commissioning_grants(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  period text not null check (period ~ '^[0-9]{4}-Q[1-4]$'),
  value numeric(14, 2) not null,
  narrative text not null default '' check (length(narrative) <= 4000),
  submitted_by uuid references users(id) on delete set null,
  submitted_at timestamptz not null default now(),
  unique (measure_id, period)
);
create index commissioning_returns_grant on commissioning_returns(grant_id);
