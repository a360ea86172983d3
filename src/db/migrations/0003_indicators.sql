-- Know: the indicators framework. Built-in definitions have tenant_id null; councils add their own.
create table indicators (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid references tenants(id) on delete cascade,   -- null: built in, visible to every council
  code text not null check (code ~ '^[a-z0-9][a-z0-9_.-]{1,80}$'),
  name text not null,
  framework text not null,          -- e.g. lg_inform, gla_social_integration, race_equality_scorecard, home_office_ioi, council, survey
  domain text not null,             -- e.g. employment, relationships, residential_segregation
  unit text not null check (unit in ('percent', 'proportion', 'rate_per_1000', 'count', 'index', 'score', 'mean')),
  higher_is_better boolean,         -- null: neither direction is better (e.g. migration levels)
  source text not null,             -- citation of the definition and data source
  geography_level text not null check (geography_level in ('oa','lsoa','msoa','ward','lad','region','country')),
  breakdowns jsonb not null default '[]'::jsonb,  -- allowed group dimensions, e.g. ["ethnic_group","age_band"]
  description text not null default '',
  created_at timestamptz not null default now()
);
create unique index indicators_code on indicators (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid), code);

-- Values by area x period x group, always owned by the council that imported or computed them.
create table indicator_values (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  indicator_id uuid not null references indicators(id) on delete cascade,
  area_code text not null references areas(code) on delete cascade,
  period text not null,             -- e.g. 2011, 2021, 2024-Q1, 2024-W12
  group_code text not null default 'all',   -- 'all' for the whole population, else e.g. ethnic_group:Pakistani
  value double precision,           -- null only when suppressed (small base): never NaN
  numerator double precision,
  denominator double precision,
  ci_low double precision,
  ci_high double precision,
  suppressed boolean not null default false,
  source text not null default '',  -- e.g. import file name, "segregation engine", "survey wave 2024"
  updated_at timestamptz not null default now(),
  unique (tenant_id, indicator_id, area_code, period, group_code),
  check (value is not null or suppressed),
  check (value is null or value = value)       -- no NaN
);
create index indicator_values_area on indicator_values (tenant_id, area_code);
