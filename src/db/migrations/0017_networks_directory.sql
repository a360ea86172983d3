-- Networks: network studies of a council (from an edge list or survey name generators), with nodes stored
-- under pseudonymous respondent codes (a keyed hash of the id supplied; never names) and undirected ties.
create table network_studies (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  area_code text,
  description text not null default '' check (length(description) <= 2000),
  -- Secret of the keyed hash that turns supplied ids into respondent codes (stays in the database).
  pseudonym_key text not null,
  attributes text[] not null default '{}',
  duplicate_ties int not null default 0,
  self_ties int not null default 0,
  imported_at timestamptz,
  created_at timestamptz not null default now(),
  unique (council_id, name)
);
create index network_studies_council on network_studies(council_id);

create table network_nodes (
  study_id uuid not null references network_studies(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  code text not null check (code ~ '^R[0-9a-f]{10}$'),
  attributes jsonb not null default '{}',
  primary key (study_id, code)
);
create index network_nodes_council on network_nodes(council_id);

create table network_ties (
  study_id uuid not null references network_studies(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  from_code text not null,
  to_code text not null,
  relationship text check (relationship is null or length(relationship) <= 60),
  primary key (study_id, from_code, to_code),
  check (from_code < to_code),
  foreign key (study_id, from_code) references network_nodes(study_id, code) on delete cascade,
  foreign key (study_id, to_code) references network_nodes(study_id, code) on delete cascade
);
create index network_ties_council on network_ties(council_id);

-- Directory of voluntary and community groups, on the Open Referral UK model.
create table directory_organisations (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  description text not null default '' check (length(description) <= 4000),
  email text,
  website text,
  -- The partner organisation (admin) this directory entry is, if any.
  partner_organisation_id uuid references organisations(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (council_id, name)
);
create index directory_organisations_council on directory_organisations(council_id);

create table directory_services (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references councils(id) on delete cascade,
  organisation_id uuid not null references directory_organisations(id) on delete cascade,
  name text not null check (length(name) between 2 and 200),
  description text not null default '' check (length(description) <= 4000),
  status text not null default 'active' check (status in ('active','inactive','defunct','temporarily closed')),
  email text,
  url text,
  minimum_age int check (minimum_age between 0 and 130),
  maximum_age int check (maximum_age between 0 and 130),
  -- People the service can take at a time (its places); null when unknown.
  capacity int check (capacity between 0 and 1000000),
  -- Census categories (of the council's ethnic group dataset) the service is for; empty = everyone.
  serves text[] not null default '{}',
  last_modified timestamptz not null default now()
);
create index directory_services_council on directory_services(council_id);
create index directory_services_organisation on directory_services(organisation_id);

create table directory_service_areas (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  council_id uuid not null references councils(id) on delete cascade,
  service_id uuid not null references directory_services(id) on delete cascade,
  area_code text not null,
  unique (service_id, area_code)
);
create index directory_service_areas_council on directory_service_areas(council_id);

create table directory_locations (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  council_id uuid not null references councils(id) on delete cascade,
  service_id uuid not null references directory_services(id) on delete cascade,
  name text,
  address_1 text,
  city text,
  postal_code text,
  latitude double precision,
  longitude double precision
);
create index directory_locations_council on directory_locations(council_id);

create table directory_taxonomy_terms (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  council_id uuid not null references councils(id) on delete cascade,
  service_id uuid not null references directory_services(id) on delete cascade,
  taxonomy text not null,
  name text not null
);
create index directory_taxonomy_terms_council on directory_taxonomy_terms(council_id);

create table directory_contacts (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  council_id uuid not null references councils(id) on delete cascade,
  service_id uuid not null references directory_services(id) on delete cascade,
  name text,
  title text
);
create index directory_contacts_council on directory_contacts(council_id);

create table directory_schedules (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  council_id uuid not null references councils(id) on delete cascade,
  service_id uuid not null references directory_services(id) on delete cascade,
  freq text check (freq in ('WEEKLY','MONTHLY')),
  byday text,
  opens_at text,
  closes_at text,
  description text
);
create index directory_schedules_council on directory_schedules(council_id);
