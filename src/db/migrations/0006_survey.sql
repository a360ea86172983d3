-- Hear: residents' surveys. Question bank (versioned), surveys and waves, responses (online drafts and imports),
-- weighting margins, benchmarks. Built-in questions have tenant_id null; councils add their own.
create table survey_questions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid references tenants(id) on delete cascade,   -- null: built in, visible to every council
  code text not null check (code ~ '^[a-z][a-z0-9_]{1,60}$'),
  section text not null check (section in ('cohesion', 'wellbeing', 'participation', 'demographics', 'own')),
  sort_order integer not null default 1000,
  created_at timestamptz not null default now()
);
create unique index survey_questions_code on survey_questions (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), code);

-- Each change of wording, answers or source is a new version; waves point at the exact version they asked.
create table survey_question_versions (
  id uuid primary key default gen_random_uuid(),
  question_id uuid not null references survey_questions(id) on delete cascade,
  version integer not null check (version >= 1),
  kind text not null check (kind in ('choice', 'scale', 'area')),  -- scale: whole numbers min..max; area: the council's wards
  wording text not null,
  hint text not null default '',
  options jsonb not null default '[]'::jsonb,  -- [{code, label, positive?, excluded?, group?}]
  scale_min integer,
  scale_max integer,
  source text not null,
  catalogue_key text,                          -- built-ins: message-catalogue key of the translated text
  created_at timestamptz not null default now(),
  unique (question_id, version)
);

create table surveys (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  description text not null default '',
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table survey_waves (
  id uuid primary key default gen_random_uuid(),    -- also the unguessable id of the public link
  tenant_id uuid not null references tenants(id) on delete cascade,
  survey_id uuid not null references surveys(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  period text not null check (period ~ '^[0-9A-Za-z][0-9A-Za-z_.-]{0,29}$'),  -- indicator period, e.g. 2024
  starts_on date not null,
  ends_on date not null,
  target_population text not null,
  mode text not null check (mode in ('online', 'imported')),
  status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
  min_n integer not null default 30 check (min_n between 1 and 10000),
  weighting jsonb,                                   -- last raking run: settings and diagnostics
  weighted_at timestamptz,
  margins_changed_at timestamptz,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  unique (survey_id, name)
);
create index survey_waves_tenant on survey_waves (tenant_id, survey_id);

create table survey_wave_questions (
  wave_id uuid not null references survey_waves(id) on delete cascade,
  version_id uuid not null references survey_question_versions(id),
  position integer not null,
  primary key (wave_id, version_id)
);

-- One row per respondent. No personal data: answers are codes, the draft is found by token hashes only.
create table survey_responses (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  wave_id uuid not null references survey_waves(id) on delete cascade,
  source text not null check (source in ('online', 'import')),
  external_id text,                                  -- respondent id column of an imported file
  token_hash text unique,                            -- online drafts: sha256 of the cookie token
  resume_hash text unique,                           -- online drafts: sha256 of the resume code
  answers jsonb not null default '{}'::jsonb,        -- question code -> option code or number
  completed_at timestamptz,
  weight double precision,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (wave_id, external_id)
);
create index survey_responses_wave on survey_responses (tenant_id, wave_id);

-- A file waiting for its column-to-question mapping.
create table survey_imports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  wave_id uuid not null references survey_waves(id) on delete cascade,
  filename text not null,
  content bytea not null,
  columns jsonb not null,
  row_count integer not null,
  created_by uuid references users(id) on delete set null,
  completed_at timestamptz,
  created_at timestamptz not null default now()
);

-- Population margins for raking: variable is a question code or two joined by '*', e.g. age_band*sex.
create table survey_margins (
  wave_id uuid not null references survey_waves(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  variable text not null,
  category text not null,
  population double precision not null check (population >= 0),
  source text not null default '',
  primary key (wave_id, variable, category)
);

create table survey_benchmarks (
  wave_id uuid not null references survey_waves(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  question_code text not null,
  value double precision not null,
  label text not null,
  primary key (wave_id, question_code)
);
