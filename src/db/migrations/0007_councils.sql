-- One name for one concept: the tenant is a council everywhere (code, URLs, CLI and now the schema).
-- Renames the table, every owning column, and the constraints and indexes named after them. Data is untouched.
alter table tenants rename to councils;
alter table audit_log rename column tenant_id to council_id;
alter table indicator_values rename column tenant_id to council_id;
alter table indicators rename column tenant_id to council_id;
alter table insight_comparator_sets rename column tenant_id to council_id;
alter table insight_comparators rename column tenant_id to council_id;
alter table invitations rename column tenant_id to council_id;
alter table memberships rename column tenant_id to council_id;
alter table organisations rename column tenant_id to council_id;
alter table survey_benchmarks rename column tenant_id to council_id;
alter table survey_imports rename column tenant_id to council_id;
alter table survey_margins rename column tenant_id to council_id;
alter table survey_questions rename column tenant_id to council_id;
alter table survey_responses rename column tenant_id to council_id;
alter table survey_waves rename column tenant_id to council_id;
alter table surveys rename column tenant_id to council_id;
alter table tension_actions rename column tenant_id to council_id;
alter table tension_alert_state rename column tenant_id to council_id;
alter table tension_alerts rename column tenant_id to council_id;
alter table tension_drafts rename column tenant_id to council_id;
alter table tension_events rename column tenant_id to council_id;
alter table tension_intelligence rename column tenant_id to council_id;
alter table tension_levels rename column tenant_id to council_id;
alter table tension_report_history rename column tenant_id to council_id;
alter table tension_report_links rename column tenant_id to council_id;
alter table tension_report_notes rename column tenant_id to council_id;
alter table tension_report_shares rename column tenant_id to council_id;
alter table tension_reports rename column tenant_id to council_id;
alter table tension_rumours rename column tenant_id to council_id;
alter table tension_settings rename column tenant_id to council_id;
-- Constraint names differ between PostgreSQL versions (17 names NOT NULL constraints), so rename whatever exists.
do $$ declare r record; begin for r in select c.conrelid::regclass::text as tbl, c.conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = current_schema() and c.conname like '%tenant%' loop execute format('alter table %s rename constraint %I to %I', r.tbl, r.conname, replace(r.conname, 'tenant', 'council')); end loop; end $$;
do $$ declare r record; begin for r in select indexname from pg_indexes where schemaname = current_schema() and indexname like '%tenant%' loop execute format('alter index %I rename to %I', r.indexname, replace(r.indexname, 'tenant', 'council')); end loop; end $$;
