-- Act: the Local Integration Plan. A plan has domains, domains have outcomes, outcomes have measures (linked to
-- indicator definitions by code) and actions (with milestones and dated updates). Every table is owned by a
-- council and every query filters by it. Every change bumps the plan's version and is kept in plan_changes.

create table plans (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  period_start date not null,
  period_end date not null,
  status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
  version integer not null default 1,
  published boolean not null default false,       -- opt-in public progress page
  copied_from uuid references plans(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (period_end > period_start)
);
create index plans_council on plans (council_id);

-- Named groups of wards (Tower Hamlets' ward clusters), used as a measure's or action's area.
create table plan_ward_clusters (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  name text not null,
  ward_codes text[] not null default '{}',
  unique (council_id, name)
);

create table plan_domains (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  plan_id uuid not null references plans(id) on delete cascade,
  title text not null,
  description text not null default '',
  position integer not null default 0
);
create index plan_domains_plan on plan_domains (council_id, plan_id);

create table plan_outcomes (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  plan_id uuid not null references plans(id) on delete cascade,
  domain_id uuid not null references plan_domains(id) on delete cascade,
  title text not null,
  description text not null default '',
  position integer not null default 0
);
create index plan_outcomes_plan on plan_outcomes (council_id, plan_id);

create table plan_measures (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  plan_id uuid not null references plans(id) on delete cascade,
  outcome_id uuid not null references plan_outcomes(id) on delete cascade,
  indicator_code text not null,
  area_codes text[] not null default '{}',        -- the council's own area code, wards, ...
  cluster_id uuid references plan_ward_clusters(id) on delete set null,
  baseline_period text not null,
  baseline_value double precision not null,
  target_value double precision not null,
  target_date date not null,
  direction text not null check (direction in ('increase', 'decrease')),
  override_status text check (override_status in ('on_track', 'at_risk', 'off_track')),
  override_reason text,
  override_by uuid references users(id) on delete set null,
  override_at timestamptz
);
create index plan_measures_plan on plan_measures (council_id, plan_id);

create table plan_actions (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  plan_id uuid not null references plans(id) on delete cascade,
  outcome_id uuid not null references plan_outcomes(id) on delete cascade,
  reference text not null,                        -- A-001, unique within the plan: the CSV's key
  title text not null,
  description text not null default '',
  owner_user_id uuid references users(id) on delete set null,
  organisation_id uuid references organisations(id) on delete set null,
  lead_officer text not null default '',
  area_codes text[] not null default '{}',
  start_on date,
  due_on date,
  budget numeric(14, 2),
  status text not null default 'not_started' check (status in ('not_started', 'in_progress', 'completed', 'cancelled')),
  rag text check (rag in ('green', 'amber', 'red')),
  rag_reason text not null default '',
  progress integer not null default 0 check (progress between 0 and 100),
  weight integer not null default 1 check (weight between 1 and 100),
  signal_kind text,                               -- the signal this action was raised from, as a link {kind, id}
  signal_id text,
  completed_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, reference)
);
create index plan_actions_plan on plan_actions (council_id, plan_id);
create index plan_actions_org on plan_actions (council_id, organisation_id);
create index plan_actions_owner on plan_actions (council_id, owner_user_id);

create table plan_milestones (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  action_id uuid not null references plan_actions(id) on delete cascade,
  title text not null,
  due_on date,
  done_on date
);
create index plan_milestones_action on plan_milestones (council_id, action_id);

-- Notes over time: each progress update keeps what was said and the status, RAG and progress it set.
create table plan_action_updates (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  action_id uuid not null references plan_actions(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  note text not null default '',
  status text not null,
  rag text,
  progress integer not null,
  created_at timestamptz not null default now()
);
create index plan_action_updates_action on plan_action_updates (council_id, action_id, created_at);

-- Every change, versioned: the plan's version after the change and the changed record as it then stood.
create table plan_changes (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  plan_id uuid not null references plans(id) on delete cascade,
  version integer not null,
  record_type text not null,
  record_id uuid not null,
  change text not null,
  snapshot jsonb not null,
  user_id uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index plan_changes_plan on plan_changes (council_id, plan_id, version);
