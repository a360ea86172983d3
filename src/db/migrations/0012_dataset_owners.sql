-- Census datasets a council imports through the web are its own: stored under a code prefixed with the
-- council's slug ("tower-hamlets.ts029_2021"), visible only to that council, and never able to replace a shared
-- dataset or another council's. Datasets the service operator imports (owner null) are shared by every council.
alter table datasets add column owner_council_id uuid references councils(id) on delete cascade;
alter table datasets drop constraint datasets_code_check;
alter table datasets add constraint datasets_code_check check (code ~ '^([a-z0-9][a-z0-9-]{1,59}\.)?[a-z0-9_]{2,60}$');
create index datasets_owner on datasets (owner_council_id);
