import { z } from 'zod';

/**
 * All configuration comes from environment variables, validated here once.
 * The README's configuration table documents every variable below; keep them in step.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Where rate-limit counters live: `memory` (each server counts alone; one server), `database` (the
 * `rate_limits` table of the service's database, shared by every server on it) or a `redis://` / `rediss://`
 * URL (a Redis server shared by every server).
 */
const rateLimitStore = z
  .string()
  .trim()
  .refine((v) => v === 'memory' || v === 'database' || /^rediss?:\/\/[^\s]+$/.test(v), {
    message: 'must be memory, database or a redis:// (or rediss://) URL',
  })
  .refine((v) => !/^rediss?:/.test(v) || URL.canParse(v), { message: 'is not a valid Redis URL' })
  .transform((v): RateLimitStoreConfig =>
    v === 'memory' || v === 'database' ? { kind: v } : { kind: 'redis', url: v },
  );

export type RateLimitStoreConfig = { kind: 'memory' } | { kind: 'database' } | { kind: 'redis'; url: string };

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  SECURE_COOKIES: boolish.optional(),
  SERVICE_URL: z.string().url().optional(),
  FEEDBACK_URL: z.string().url().optional(),
  FEEDBACK_EMAIL: z.string().email().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTIFY_API_KEY: z.string().optional(),
  NOTIFY_TEMPLATE_ID: z.string().optional(),
  OUTBOX_DIR: z.string().optional(),
  RATE_LIMIT_SIGN_IN: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_PUBLIC_FORMS: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_STORE: rateLimitStore.optional(),
  LOCKOUT_THRESHOLD: z.coerce.number().int().positive().default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  INVITE_TTL_HOURS: z.coerce.number().int().positive().default(72),
  UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(2048).default(50),
  DEMO: boolish.optional(),
  TRUST_PROXY: boolish.optional(),
  NODE_ENV: z.string().default('development'),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  sessionSecret?: string;
  sessionTtlMs: number;
  secureCookies: boolean;
  baseUrl: string;
  logLevel: RawConfig['LOG_LEVEL'];
  notifyApiKey?: string;
  notifyTemplateId?: string;
  outboxDir: string;
  rateLimitSignIn: number;
  rateLimitPublicForms: number;
  /** Where rate-limit counters are kept; anything but `memory` is shared by every app server. */
  rateLimitStore: RateLimitStoreConfig;
  lockoutThreshold: number;
  lockoutMs: number;
  inviteTtlMs: number;
  /** The largest file any import form accepts, in MB (compressed size as uploaded). */
  uploadLimitMb: number;
  /** Where the beta banner's feedback link goes: FEEDBACK_URL, else the service's own feedback page. */
  feedbackUrl: string;
  /** The address the feedback page gives, if set. */
  feedbackEmail?: string;
  /** Believe X-Forwarded-For (only behind a load balancer that sets it), for rate limits per client. */
  trustProxy: boolean;
  production: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The address a browser on this machine uses to reach a server listening on `host`:`port`. */
export function localUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  if (production && !c.SESSION_SECRET) {
    throw new ConfigError('invalid configuration: SESSION_SECRET must be set (32+ characters) in production');
  }
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    sessionSecret: c.SESSION_SECRET,
    sessionTtlMs: c.SESSION_TTL_HOURS * 3600_000,
    secureCookies: c.SECURE_COOKIES ?? production,
    baseUrl: c.SERVICE_URL ?? localUrl(c.HOST, c.PORT),
    logLevel: c.LOG_LEVEL,
    notifyApiKey: c.NOTIFY_API_KEY,
    notifyTemplateId: c.NOTIFY_TEMPLATE_ID,
    outboxDir: c.OUTBOX_DIR ?? `${c.DATA_DIR}/outbox`,
    rateLimitSignIn: c.RATE_LIMIT_SIGN_IN,
    rateLimitPublicForms: c.RATE_LIMIT_PUBLIC_FORMS,
    rateLimitStore: c.RATE_LIMIT_STORE ?? { kind: 'memory' },
    lockoutThreshold: c.LOCKOUT_THRESHOLD,
    lockoutMs: c.LOCKOUT_MINUTES * 60_000,
    inviteTtlMs: c.INVITE_TTL_HOURS * 3600_000,
    uploadLimitMb: c.UPLOAD_LIMIT_MB,
    feedbackUrl: c.FEEDBACK_URL ?? '/feedback',
    feedbackEmail: c.FEEDBACK_EMAIL,
    trustProxy: c.TRUST_PROXY ?? false,
    production,
  };
}
