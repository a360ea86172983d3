-- Platform: tenants (councils), partner organisations, people, access, sessions, audit, geography.

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
  name text not null check (length(name) between 2 and 200),
  area_code text,                        -- GSS code of the council's own area (E06–E09/W06), or a demo X code
  is_demo boolean not null default false,
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table organisations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  kind text not null check (kind in ('council','police','school','housing','health','voluntary','faith','fire','other')),
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);
create index organisations_tenant on organisations(tenant_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  display_name text not null,
  password_hash text,                    -- argon2id; null until an invitation is accepted
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index users_email on users(lower(email));

create table memberships (
  user_id uuid not null references users(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  role text not null check (role in ('administrator','officer','analyst','partner','viewer')),
  organisation_id uuid references organisations(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (user_id, tenant_id)
);
create index memberships_tenant on memberships(tenant_id);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  email text not null,
  display_name text not null,
  role text not null check (role in ('administrator','officer','analyst','partner','viewer')),
  organisation_id uuid references organisations(id) on delete set null,
  token_hash text not null unique,       -- sha256 of the single-use token; the token itself is never stored
  expires_at timestamptz not null,
  used_at timestamptz,
  invited_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);
create index invitations_tenant on invitations(tenant_id);

create table sessions (
  id text primary key,                   -- sha256 of the cookie token
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions(user_id);
create index sessions_expires on sessions(expires_at);

create table audit_log (
  id bigint generated always as identity primary key,
  tenant_id uuid references tenants(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  action text not null,                  -- e.g. sign_in, sign_in_failed, user.invited, personal_data.viewed
  target_type text,
  target_id text,
  detail jsonb not null default '{}'::jsonb,  -- never personal data: ids and counts only
  at timestamptz not null default now()
);
create index audit_log_tenant_at on audit_log(tenant_id, at desc);

-- Geography is public reference data shared by every tenant, keyed by ONS GSS code.
create table areas (
  code text primary key check (code ~ '^[A-Z][0-9]{8}$'),
  name text not null,
  level text not null check (level in ('oa','lsoa','msoa','ward','lad','region','country')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index areas_level on areas(level);

-- Lookups between levels. An area can have parents in several hierarchies (LSOA -> MSOA and LSOA -> ward).
create table area_links (
  child_code text not null references areas(code) on delete cascade,
  parent_code text not null references areas(code) on delete cascade,
  parent_level text not null,
  primary key (child_code, parent_level)
);
create index area_links_parent on area_links(parent_code);

create table area_boundaries (
  code text primary key references areas(code) on delete cascade,
  geometry jsonb not null,               -- GeoJSON Polygon/MultiPolygon, WGS84, wound for d3-geo
  source text not null,
  imported_at timestamptz not null default now()
);
