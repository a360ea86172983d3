-- Evaluations (Learn): a programme's theory of change, its evaluation plan in the Magenta Book's terms, the
-- outcome data (participants' pre/post answers, or the council's survey waves) and the analysis with its
-- evidence label. Links to other modules' records (plan outcomes and actions, grants) are stored as
-- {kind, id} pairs and resolved through the link registry, so either module can be built first.
create table evaluations (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  title text not null,
  summary text not null default '',
  design text not null check (design in ('pre-post', 'matched', 'matched-did', 'did', 'randomised')),
  outcome_code text not null,
  status text not null default 'planning' check (status in ('planning', 'analysed', 'concluded')),
  links jsonb not null default '[]'::jsonb,
  theory jsonb not null default '{}'::jsonb,
  plan jsonb not null default '{}'::jsonb,
  result jsonb,
  analysed_at timestamptz,
  concluded_at timestamptz,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index evaluations_council on evaluations (council_id, created_at desc);
create index evaluations_links on evaluations using gin (links jsonb_path_ops);

-- Participants' (and a comparison group's) answers before and after, imported from CSV. No names: an id the
-- council chooses, the group, a ward code and the numeric covariates used for matching.
create table evaluation_participants (
  evaluation_id uuid not null references evaluations(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  external_id text not null,
  line integer not null,
  treated boolean not null,
  ward_code text,
  pre double precision,
  post double precision,
  covariates jsonb not null default '{}'::jsonb,
  primary key (evaluation_id, external_id)
);
