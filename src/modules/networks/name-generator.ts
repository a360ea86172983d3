/**
 * Networks from a survey's name generator ("Think of up to N people you turn to or meet regularly: how do you
 * know them, and what is their background, as far as you know?"). Each respondent is a node; each person they
 * name is a node of its own (named contacts are not matched across respondents: the answers hold no names);
 * a tie joins the respondent to each contact, with the relationship. The contact's background, as the
 * respondent sees it, is stored under the same attribute as the respondent's own, so mixing compares like with
 * like. Every node is stored under a respondent code (a keyed hash, as for imports).
 */
import { pseudonym } from './parse.ts';
import type { StoredNode, StoredTie } from './model.ts';

export const MAX_CONTACTS = 10;

export interface NameGeneratorAnswer {
  /** The survey response's id (never stored as such). */
  readonly respondent: string;
  /** The respondent's own attributes (for example ethnic_group, age_band). */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * The people named: the relationship, and their background as the respondent sees it, either as one value of
   * `attribute` (`background`) or as several attributes (`attributes`, as the survey's name generator gives).
   */
  readonly contacts: readonly {
    readonly relationship: string | null;
    readonly background?: string | null;
    readonly attributes?: Readonly<Record<string, string>>;
  }[];
}

export function nameGeneratorNetwork(
  key: string,
  answers: readonly NameGeneratorAnswer[],
  attribute: string,
): { nodes: StoredNode[]; ties: StoredTie[]; attributes: string[] } {
  const nodes = new Map<string, StoredNode>();
  const ties: StoredTie[] = [];
  const attributes = new Set<string>([attribute, 'role']);
  for (const a of answers) {
    const ego = pseudonym(key, `respondent:${a.respondent}`);
    for (const k of Object.keys(a.attributes)) attributes.add(k);
    nodes.set(ego, { code: ego, attributes: { ...a.attributes, role: 'respondent' } });
    a.contacts.slice(0, MAX_CONTACTS).forEach((c, i) => {
      const alter = pseudonym(key, `contact:${a.respondent}:${i}`);
      for (const k of Object.keys(c.attributes ?? {})) attributes.add(k);
      nodes.set(alter, {
        code: alter,
        attributes: {
          ...(c.background ? { [attribute]: c.background } : {}),
          ...c.attributes,
          role: 'named contact',
        },
      });
      const [from, to] = ego < alter ? [ego, alter] : [alter, ego];
      ties.push({ from, to, relationship: c.relationship });
    });
  }
  return { nodes: [...nodes.values()], ties, attributes: [...attributes] };
}
