-- Survey fieldwork uploads keep their parsed rows, not the file: one row per respondent line, with the cells
-- in the header's column order. Rows are deleted when the mapping is applied (or the upload is a day old).
create table survey_import_rows (
  import_id uuid not null references survey_imports(id) on delete cascade,
  council_id uuid not null references councils(id) on delete cascade,
  line integer not null check (line >= 2),
  cells jsonb not null,
  primary key (import_id, line)
);

-- Uploads still waiting for a mapping held the whole file; they must be uploaded again.
delete from survey_imports where completed_at is null;
alter table survey_imports drop column content;
