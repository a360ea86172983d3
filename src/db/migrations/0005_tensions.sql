-- Warn: community tension and hate incident reporting, partner intelligence, triage, ward tension levels,
-- trigger events and retention. Every table is owned by a council (tenant_id) and every query filters by it.

-- Per-council settings: response targets, alert thresholds, suppression and retention.
create table tension_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  contact_hours integer not null default 24 check (contact_hours between 1 and 720),
  senior_contact_days integer not null default 7 check (senior_contact_days between 1 and 90),
  alert_level integer not null default 4 check (alert_level between 2 and 5),
  heightened_alert_level integer not null default 3 check (heightened_alert_level between 2 and 5),
  suppression_threshold integer not null default 5 check (suppression_threshold between 1 and 50),
  retention_months integer not null default 24 check (retention_months between 1 and 240),
  monitoring_group text not null default '',       -- email addresses of the tension monitoring group, comma-separated
  assisted_reporting boolean not null default true,
  updated_at timestamptz not null default now()
);

-- In-progress public reports (no account, no JavaScript): keyed by the SHA-256 of a random cookie token.
create table tension_drafts (
  token_hash text primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  answers jsonb not null default '{}'::jsonb,
  submission_key text not null,                    -- one-time key carried by the check-your-answers form
  reference text,                                  -- set once submitted; the answers are then cleared
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index tension_drafts_expires on tension_drafts(expires_at);

-- Reports from residents (online) or taken by staff at third-party reporting centres (assisted).
-- No IP address or other identifier of the person reporting is stored.
create table tension_reports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  reference text not null unique,                  -- e.g. TR-7K3M-9QXD
  idempotency_key text not null,
  channel text not null check (channel in ('online','assisted')),
  recorded_by uuid references users(id) on delete set null,
  reporting_centre text,
  what_happened text,                              -- personal: erased after the retention period
  location_text text,                              -- personal
  ward_code text,
  happened_on date,
  ongoing text check (ongoing in ('yes','no','unknown')),
  motivations text[] not null default '{}',
  motivation_other text,                           -- personal
  cause text,                                      -- personal
  reporter_role text check (reporter_role in ('victim','witness','on_behalf')),
  contact_name text,                               -- personal
  contact_email text,                              -- personal
  contact_phone text,                              -- personal
  contact_consent boolean not null default false,
  status text not null default 'new' check (status in ('new','triaged','assigned','in_progress','closed')),
  severity integer not null default 2 check (severity between 1 and 3),
  assigned_org uuid references organisations(id) on delete set null,
  first_contact_at timestamptz,
  senior_contact_at timestamptz,
  redacted_at timestamptz,
  erased_at timestamptz,
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, idempotency_key)
);
create index tension_reports_tenant_received on tension_reports(tenant_id, received_at desc);
create index tension_reports_tenant_status on tension_reports(tenant_id, status);

-- Every status change with its reason.
create table tension_report_history (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  report_id uuid not null references tension_reports(id) on delete cascade,
  from_status text,
  to_status text not null,
  reason text not null,
  assigned_org uuid references organisations(id) on delete set null,
  user_id uuid references users(id) on delete set null,
  at timestamptz not null default now()
);
create index tension_report_history_report on tension_report_history(report_id);

create table tension_report_notes (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  report_id uuid not null references tension_reports(id) on delete cascade,
  body text not null,
  user_id uuid references users(id) on delete set null,
  organisation_id uuid references organisations(id) on delete set null,
  at timestamptz not null default now()
);
create index tension_report_notes_report on tension_report_notes(report_id);

-- Reports shared with a partner organisation besides the one assigned.
create table tension_report_shares (
  tenant_id uuid not null references tenants(id) on delete cascade,
  report_id uuid not null references tension_reports(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  at timestamptz not null default now(),
  primary key (report_id, organisation_id)
);

-- Reports about the same incident (stored once per pair, smaller id first).
create table tension_report_links (
  tenant_id uuid not null references tenants(id) on delete cascade,
  report_a uuid not null references tension_reports(id) on delete cascade,
  report_b uuid not null references tension_reports(id) on delete cascade,
  at timestamptz not null default now(),
  primary key (report_a, report_b),
  check (report_a < report_b)
);

-- Partner intelligence, graded evidenced / experienced / potential.
create table tension_intelligence (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  source_type text not null check (source_type in ('police','school','housing','faith','voluntary','councillor','council','health','media','social_media','other')),
  grading text not null check (grading in ('evidenced','experienced','potential')),
  category text not null check (category in ('race','faith','far_right_extremism','newcomers_migration','anti_social_behaviour','intergenerational','local_event','national_event','international_event','online_social_media')),
  ward_code text,
  summary text not null,                           -- may hold personal data: erased after the retention period
  confidence text not null check (confidence in ('low','medium','high')),
  sensitivity text not null check (sensitivity in ('official','official_sensitive')),
  handling text not null check (handling in ('all_partners','council_only','named_organisations')),
  severity integer not null default 2 check (severity between 1 and 3),
  observed_on date not null,
  organisation_id uuid references organisations(id) on delete set null,  -- the recording partner's organisation
  recorded_by uuid references users(id) on delete set null,
  erased_at timestamptz,
  recorded_at timestamptz not null default now()
);
create index tension_intelligence_tenant on tension_intelligence(tenant_id, observed_on desc);

create table tension_intelligence_access (
  intelligence_id uuid not null references tension_intelligence(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  primary key (intelligence_id, organisation_id)
);

-- Weekly ward tension level: computed (kept) and final (computed, or an officer's override with its rationale).
create table tension_levels (
  tenant_id uuid not null references tenants(id) on delete cascade,
  ward_code text not null,
  iso_week text not null check (iso_week ~ '^[0-9]{4}-W[0-9]{2}$'),
  computed_score double precision not null,
  computed_level integer not null check (computed_level between 1 and 5),
  override_level integer check (override_level between 1 and 5),
  override_rationale text,
  override_by uuid references users(id) on delete set null,
  override_at timestamptz,
  final_level integer not null check (final_level between 1 and 5),
  signals integer not null default 0,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, ward_code, iso_week)
);

-- Alert state per ward: an alert is sent when a ward crosses up through the threshold, once per crossing.
create table tension_alert_state (
  tenant_id uuid not null references tenants(id) on delete cascade,
  ward_code text not null,
  above boolean not null,
  changed_at timestamptz not null default now(),
  primary key (tenant_id, ward_code)
);

create table tension_alerts (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  ward_code text not null,
  iso_week text not null,
  level integer not null,
  threshold integer not null,
  recipients integer not null,
  sent_at timestamptz not null default now()
);
create index tension_alerts_tenant on tension_alerts(tenant_id, sent_at desc);

-- Trigger events, with rumour, impact assessment and action logs.
create table tension_events (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  title text not null,
  scope text not null check (scope in ('local','national','international')),
  description text not null default '',
  ward_codes text[] not null default '{}',         -- empty: the whole council
  impact jsonb not null default '{}'::jsonb,       -- community impact assessment sections
  declared_by uuid references users(id) on delete set null,
  declared_at timestamptz not null default now(),
  closed_at timestamptz,
  closed_reason text
);
create index tension_events_tenant on tension_events(tenant_id, declared_at desc);

create table tension_rumours (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  event_id uuid not null references tension_events(id) on delete cascade,
  rumour text not null,
  heard_on text not null,                          -- where it was circulating, e.g. a social media platform
  counter_message text not null default '',
  counter_channel text not null default '',
  status text not null default 'open' check (status in ('open','countered','closed')),
  recorded_by uuid references users(id) on delete set null,
  recorded_at timestamptz not null default now()
);
create index tension_rumours_event on tension_rumours(event_id);

create table tension_actions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  event_id uuid not null references tension_events(id) on delete cascade,
  action text not null,
  owner text not null,
  due_on date,
  status text not null default 'open' check (status in ('open','done')),
  recorded_by uuid references users(id) on delete set null,
  recorded_at timestamptz not null default now()
);
create index tension_actions_event on tension_actions(event_id);
