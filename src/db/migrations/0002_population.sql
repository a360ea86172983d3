-- Census-style population counts by category (e.g. ethnic group), public reference data keyed by GSS code.
create table datasets (
  code text primary key check (code ~ '^[a-z0-9_]{2,60}$'),   -- e.g. census2011_ethnic_group, ts021_2021
  name text not null,
  source text not null,
  period text not null,                                          -- e.g. 2011, 2021
  categories jsonb not null,                                     -- ordered list of category codes
  total_label text,
  imported_at timestamptz not null default now()
);

create table population_counts (
  dataset text not null references datasets(code) on delete cascade,
  area_code text not null references areas(code) on delete cascade,
  total double precision not null check (total >= 0),           -- the dataset's total for the area (may exceed the sum of categories)
  counts double precision[] not null,                            -- in the dataset's category order
  primary key (dataset, area_code)
);
create index population_counts_area on population_counts(area_code);
