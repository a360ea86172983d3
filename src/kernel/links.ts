/**
 * Links between records of different modules, without either module importing the other.
 *
 * A plan outcome can be evaluated, funded by grants and measured by indicators; an evaluation can be about an
 * outcome, an action or a grant. Whichever module is built first, the other finds its records through this
 * registry: each module registers a `LinkProvider` for the kinds of record it owns (for example
 * `plan.outcome`, `plan.action`, `grant`, `evaluation`), and a module that stores links keeps only
 * `{ kind, id }` pairs and asks the registry for labels, addresses and pickers.
 *
 * Providers answer only with records the actor may see (council-scoped, role-checked); a reference that is
 * unknown, deleted or not visible is simply left out of the answer.
 */
import type { Actor } from './actor.ts';

/** A pointer to a record another module owns. `kind` is `<module>.<record>` or a bare record name. */
export interface LinkRef {
  readonly kind: string;
  readonly id: string;
}

/** A record found through the registry: what to call it and where it lives (a path under the service root). */
export interface LinkTarget extends LinkRef {
  readonly label: string;
  readonly href: string;
  /** A short status or context line, for example "On track" or "Wards: Abbey, Brook". */
  readonly hint?: string;
  /**
   * Catalogue sentences the page shows under the link, in the reader's language: for example an evaluation's
   * estimate in plain English and its evidence label on the plan outcome it evaluates.
   */
  readonly details?: readonly LinkDetail[];
}

/**
 * One translatable sentence about a linked record: `key` with `params`; each entry of `paramKeys` is itself a
 * catalogue key, translated first and passed as that parameter (e.g. the outcome's phrase inside a sentence).
 */
export interface LinkDetail {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly paramKeys?: Readonly<Record<string, string>>;
}

/** A detail as text, with the page's translator. */
export function linkDetailText(
  t: (key: string, params?: Record<string, string | number>) => string,
  detail: LinkDetail,
): string {
  const params: Record<string, string | number> = { ...detail.params };
  for (const [name, key] of Object.entries(detail.paramKeys ?? {})) params[name] = t(key);
  return t(detail.key, params);
}

/** An action another module offers from a record: "Start an evaluation", "Award a grant". */
export interface LinkAction {
  /** A message catalogue key, translated by the page that shows it. */
  readonly labelKey: string;
  readonly href: string;
}

export interface LinkProvider {
  /** The kinds of record this provider owns. */
  readonly kinds: readonly string[];
  /** Every record of this kind the actor may link to (for a picker); at most a few hundred. */
  options(actor: Actor, kind: string): Promise<LinkTarget[]>;
  /** The records among `refs` (all of this provider's kinds) that exist and the actor may see. */
  resolve(actor: Actor, refs: readonly LinkRef[]): Promise<LinkTarget[]>;
  /** This provider's own records that link to `ref` (for "Evaluations of this outcome"). */
  backlinks?(actor: Actor, ref: LinkRef): Promise<LinkTarget[]>;
  /** What the actor can start from `ref` in this provider's module. */
  actionsFrom?(actor: Actor, ref: LinkRef): LinkAction[];
}

export interface LinkRegistry {
  register(provider: LinkProvider): void;
  /** The known kinds, in registration order. */
  kinds(): string[];
  options(actor: Actor, kind: string): Promise<LinkTarget[]>;
  /** Resolves references of any kinds; unknown kinds and invisible records are left out. Keeps input order. */
  resolve(actor: Actor, refs: readonly LinkRef[]): Promise<LinkTarget[]>;
  /** Every module's records that link to `ref`. */
  backlinks(actor: Actor, ref: LinkRef): Promise<LinkTarget[]>;
  actionsFrom(actor: Actor, ref: LinkRef): LinkAction[];
}

const refKey = (r: LinkRef): string => `${r.kind}\u0000${r.id}`;

/** Parses `kind:id` as used in query strings (`?link=plan.outcome:1f0c…`); null when malformed. */
export function parseLinkRef(text: string | undefined | null): LinkRef | null {
  if (!text) return null;
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) return null;
  const kind = text.slice(0, at);
  const id = text.slice(at + 1);
  if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(kind) || !/^[A-Za-z0-9_.@~-]{1,128}$/.test(id)) return null;
  return { kind, id };
}

export const formatLinkRef = (ref: LinkRef): string => `${ref.kind}:${ref.id}`;

export function createLinkRegistry(): LinkRegistry {
  const providers: LinkProvider[] = [];
  const byKind = new Map<string, LinkProvider>();
  return {
    register(provider) {
      for (const kind of provider.kinds) {
        if (byKind.has(kind)) throw new Error(`two link providers own the kind ${kind}`);
        byKind.set(kind, provider);
      }
      providers.push(provider);
    },
    kinds: () => [...byKind.keys()],
    async options(actor, kind) {
      const provider = byKind.get(kind);
      return provider ? provider.options(actor, kind) : [];
    },
    async resolve(actor, refs) {
      const groups = new Map<LinkProvider, LinkRef[]>();
      for (const ref of refs) {
        const provider = byKind.get(ref.kind);
        if (!provider) continue;
        const list = groups.get(provider) ?? [];
        list.push(ref);
        groups.set(provider, list);
      }
      const found = new Map<string, LinkTarget>();
      for (const [provider, list] of groups) {
        for (const target of await provider.resolve(actor, list)) found.set(refKey(target), target);
      }
      return refs.flatMap((r) => {
        const t = found.get(refKey(r));
        return t ? [t] : [];
      });
    },
    async backlinks(actor, ref) {
      const lists = await Promise.all(providers.map((p) => (p.backlinks ? p.backlinks(actor, ref) : [])));
      return lists.flat();
    },
    actionsFrom(actor, ref) {
      return providers.flatMap((p) => (p.actionsFrom ? p.actionsFrom(actor, ref) : []));
    },
  };
}
