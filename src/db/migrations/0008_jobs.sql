-- Jobs that run once across every app server on one database.
-- Scheduled jobs: one row each; a server runs the job only if it moves next_run_at forward itself
-- (an atomic UPDATE … WHERE next_run_at <= now), so each period's run happens on exactly one server.
create table job_schedules (
  name text primary key,
  every_ms bigint not null check (every_ms > 0),
  next_run_at timestamptz not null,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text,
  runs bigint not null default 0
);

-- On-demand jobs, keyed so that asking twice before the job runs queues it once. A server leases a row
-- (locked_until) while it runs it; a row asked for again while running is marked to run once more.
create table job_queue (
  id bigserial primary key,
  name text not null,
  key text not null,
  run_at timestamptz not null,
  locked_until timestamptz,
  rerun boolean not null default false,
  attempts integer not null default 0,
  last_error text,
  unique (name, key)
);
create index job_queue_due on job_queue (run_at);
