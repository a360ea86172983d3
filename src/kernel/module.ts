/**
 * The module contract. Every capability is a folder under src/modules/<name>/ whose index.ts is its only
 * public surface. index.ts exports a factory that builds the module once, at start-up, from the shared
 * platform dependencies and the public services of the modules it uses, and returns a `Module`:
 *
 * - `services`: the module's public services, the only way other modules reach it;
 * - `routes`: a Fastify plugin built from those services (routes receive services; they never build them);
 * - `nav`, `dashboard`: its entry in the council navigation and its panel on the council overview;
 * - `jobs`: its scheduled and on-demand background work (run by src/jobs, once across app servers);
 * - `demo`: seeds its part of the fictional demo council (once; skipped when the council already has it);
 * - `linkProviders`, `report`: its records for other modules' links, and its section of the cabinet report.
 *
 * The composition root (src/app/container.ts) calls each factory in dependency order. See
 * docs/ARCHITECTURE.md for the layers inside a module and the rules the linter enforces.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { EmailSender } from '../clients/email.ts';
import type { JobDefinition, JobQueue } from '../jobs/types.ts';
import type { Permission } from './access.ts';
import type { Actor, Council } from './actor.ts';
import type { LinkProvider, LinkRegistry } from './links.ts';
import type { ReportContributor } from './reports.ts';

/** Logs hold no personal data: ids, codes and counts only. */
export interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the platform gives every module. */
export interface PlatformDeps {
  readonly db: Db;
  readonly config: Config;
  readonly email: EmailSender;
  readonly jobs: JobQueue;
  readonly log: Log;
  /** The time; tests pass a fixed clock. */
  readonly clock: () => Date;
  /** Records of other modules, by `{ kind, id }` (src/kernel/links.ts); filled as modules are built. */
  readonly links: LinkRegistry;
}

/** An entry in the council navigation; `path` is relative to /c/:council. */
export interface NavEntry {
  readonly path: string;
  readonly key: string;
  readonly permission: Permission;
}

/** A panel on the council overview: a template and its data. */
export interface DashboardPanel {
  readonly template: string;
  readonly data: Record<string, unknown>;
}

export interface Module<S = unknown> {
  readonly name: string;
  readonly services: S;
  /** Declares full paths: staff pages under /c/:council/<module>, public pages under their own prefix. */
  readonly routes?: FastifyPluginAsync;
  readonly nav?: NavEntry;
  /** The module's overview panel for this member, or null when it has nothing for them. Never writes. */
  readonly dashboard?: (actor: Actor) => Promise<DashboardPanel | null>;
  readonly jobs?: readonly JobDefinition[];
  /** Seeds the module's part of the fictional demo council; must be a no-op when already seeded. */
  readonly demo?: (council: Council) => Promise<void>;
  /** The kinds of record this module lets other modules link to (registered by the container). */
  readonly linkProviders?: readonly LinkProvider[];
  /** The module's section of the quarterly cabinet report (src/kernel/reports.ts). */
  readonly report?: ReportContributor;
}
