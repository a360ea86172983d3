-- Rate-limit counters shared by every app server on one database (RATE_LIMIT_STORE=database).
-- One row per (route, client) key and fixed window: a request adds one to `hits` with an atomic upsert that
-- starts a new window once `expires_at` has passed. Expired rows are deleted now and then on write.
create table rate_limits (
  key text primary key,
  hits integer not null check (hits > 0),
  expires_at timestamptz not null
);
create index rate_limits_expiry on rate_limits (expires_at);
