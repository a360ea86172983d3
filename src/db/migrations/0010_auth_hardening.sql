-- Sign-in hardening: failed attempts are counted per account AND per client, so nobody can lock a known
-- account out from elsewhere; the client is a keyed hash of its address, never the address itself.
create table sign_in_failures (
  user_id uuid not null references users(id) on delete cascade,
  client_key text not null,
  failures integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null default now(),
  primary key (user_id, client_key)
);
create index sign_in_failures_updated on sign_in_failures (updated_at);

-- Password reset by email: single-use, short-lived; only the token's hash is stored.
create table password_resets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index password_resets_user on password_resets (user_id);
