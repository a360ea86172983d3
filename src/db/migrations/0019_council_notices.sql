-- Each council's own details for its privacy notice and accessibility statement. The rest of both pages is the
-- service's standard text (message catalogues, English and Welsh), filled in from the council's settings; a
-- council with no row here shows the standard text alone.
create table council_notices (
  council_id uuid primary key references councils(id) on delete cascade,
  dpo_contact text not null default '',
  controller_address text not null default '',
  ico_registration text not null default '',
  privacy_extra_en text not null default '',
  privacy_extra_cy text not null default '',
  accessibility_contact text not null default '',
  compliance text not null default 'partial' check (compliance in ('full', 'partial', 'not')),
  tested_on date,
  accessibility_issues_en text not null default '',
  accessibility_issues_cy text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by uuid references users(id) on delete set null
);
