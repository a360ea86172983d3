/**
 * Network studies: create one for a ward, import its edge list (all or nothing, every bad row reported), and
 * analyse it (src/stats/network). Two views of an analysis: `aggregate` (counts by community and group only,
 * for every role that may see networks) and `people` (pseudonymous nodes, brokers and ties, for the restricted
 * permission; each view is audited).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { forceLayout, summariseNetwork, type NetworkSummary } from '../../../stats/network/index.ts';
import type { AuditService } from '../../audit/index.ts';
import type { GeographyService } from '../../geography/index.ts';
import { SMALL_COUNT, type StoredNode, type Study, type StudyInput } from '../model.ts';
import { nameGeneratorNetwork, type NameGeneratorAnswer } from '../name-generator.ts';
import { parseNetwork, type ParseProblem } from '../parse.ts';
import * as repo from '../repository.ts';

/**
 * Where survey name-generator answers come from: the survey module's public `nameGenerator` service, passed in
 * by the container (this module never reads the survey's tables, and the survey never reads these).
 */
export interface NameGeneratorAnswers {
  sources(council: Pick<Council, 'id'>): Promise<
    readonly {
      waveId: string;
      waveName: string;
      surveyName: string;
      questionCode: string;
      wording: string;
      completed: number;
    }[]
  >;
  answers(
    council: Pick<Council, 'id'>,
    waveId: string,
    questionCode: string,
  ): Promise<{ respondents: readonly NameGeneratorAnswer[]; attributes: readonly string[] } | null>;
}

export interface NetworksContext {
  readonly db: Db;
  readonly audit: AuditService;
  readonly geography: GeographyService;
  /** Absent when the survey module is not deployed: building from a survey is then not offered. */
  readonly survey?: NameGeneratorAnswers;
}

/** Seed of the Louvain search and of the layout: quoted on the page so the picture can be reproduced. */
export const ANALYSIS_SEED = 1;

export interface CommunityAggregate {
  readonly community: number;
  readonly size: number;
  readonly internalTies: number;
  /** Members by value of the chosen attribute. */
  readonly groups: Readonly<Record<string, number>>;
  readonly x: number;
  readonly y: number;
}

/**
 * One group's mixing as the aggregate view shows it: for a group of fewer than SMALL_COUNT people the tie
 * counts and shares are left out (null), since they would be one or two people's own ties.
 */
export interface GroupMixingView {
  readonly group: string;
  readonly nodes: number;
  readonly within: number | null;
  readonly cross: number | null;
  readonly crossShare: number | null;
  readonly expectedCrossShare: number | null;
}

export type MixingView =
  (Omit<NonNullable<NetworkSummary['mixing']>, 'groups'> & { readonly groups: readonly GroupMixingView[] }) | null;

export interface AggregateView {
  readonly study: Study;
  readonly attribute: string | null;
  readonly nodes: number;
  readonly ties: number;
  readonly components: number;
  readonly largestComponent: number;
  readonly isolates: number;
  readonly modularity: number | null;
  /** Communities of more than one person (however small). */
  readonly communityCount: number;
  /** Communities of at least SMALL_COUNT people, one by one; smaller ones are only counted (`small`). */
  readonly communities: readonly CommunityAggregate[];
  /** Communities of 2 to SMALL_COUNT − 1 people: how many, and how many people in them. */
  readonly small: { readonly communities: number; readonly people: number };
  /** People with no ties (communities of one). */
  readonly singles: number;
  /** Ties between the communities listed. */
  readonly between: readonly { a: number; b: number; ties: number }[];
  readonly bridgingTies: number;
  readonly brokers: number;
  readonly mixing: MixingView;
  readonly groupValues: readonly string[];
  readonly seed: number;
}

export interface PersonView {
  readonly code: string;
  readonly degree: number;
  readonly betweenness: number;
  readonly closeness: number | null;
  readonly component: number;
  readonly community: number;
  readonly group: string | null;
  readonly broker: boolean;
  readonly x: number;
  readonly y: number;
}

export interface PeopleView extends AggregateView {
  readonly people: readonly PersonView[];
  readonly tieList: readonly { from: number; to: number; bridging: boolean }[];
  readonly brokerCodes: readonly string[];
}

export class NetworkStudies {
  constructor(private readonly ctx: NetworksContext) {}

  list(council: Pick<Council, 'id'>) {
    return repo.listStudies(this.ctx.db, council.id);
  }

  study(council: Pick<Council, 'id'>, id: string) {
    return repo.findStudy(this.ctx.db, council.id, id);
  }

  /** The council's wards, for the study form. */
  async wards(council: Pick<Council, 'areaCode'>) {
    return council.areaCode ? this.ctx.geography.descendants(council.areaCode, 'ward') : [];
  }

  async create(actor: Actor, input: StudyInput): Promise<string> {
    const council = actor.council;
    if (input.areaCode !== null) {
      const wards = await this.wards(council);
      if (!wards.some((w) => w.code === input.areaCode))
        throw new DomainError('networks.errors.unknownWard', 'areaCode');
    }
    return this.ctx.db.transaction(async (tx) => {
      if (await repo.studyByName(tx, council.id, input.name))
        throw new DomainError('networks.errors.duplicate', 'name');
      const id = await repo.insertStudy(tx, council.id, input, randomBytes(32).toString('base64url'));
      await this.ctx.audit.record(
        {
          councilId: council.id,
          userId: actor.userId,
          action: 'networks.study.created',
          targetType: 'network_study',
          targetId: id,
        },
        tx,
      );
      return id;
    });
  }

  /** Replaces the study's network with the files' (all or nothing). */
  async importNetwork(
    actor: Actor,
    studyId: string,
    edges: Buffer,
    nodes: Buffer | null,
  ): Promise<
    | { ok: true; nodes: number; ties: number; duplicateTies: number; selfTies: number }
    | { ok: false; problems: ParseProblem[] }
  > {
    const council = actor.council;
    const key = await repo.pseudonymKey(this.ctx.db, council.id, studyId);
    if (key === null) throw new DomainError('errors.notFound');
    const parsed = await parseNetwork(key, edges, nodes);
    if (!parsed.ok) return parsed;
    const n = parsed.network;
    await this.ctx.db.transaction(async (tx) => {
      await repo.replaceNetwork(tx, council.id, studyId, n, n);
      await this.ctx.audit.record(
        {
          councilId: council.id,
          userId: actor.userId,
          action: 'networks.study.imported',
          targetType: 'network_study',
          targetId: studyId,
          detail: { nodes: n.nodes.length, ties: n.ties.length, duplicateTies: n.duplicateTies, selfTies: n.selfTies },
        },
        tx,
      );
    });
    return {
      ok: true,
      nodes: n.nodes.length,
      ties: n.ties.length,
      duplicateTies: n.duplicateTies,
      selfTies: n.selfTies,
    };
  }

  /** Stores a network built elsewhere (the demo; survey name generators), already pseudonymised by `code`. */
  async storeNetwork(
    actor: Actor,
    studyId: string,
    network: {
      nodes: StoredNode[];
      ties: { from: string; to: string; relationship: string | null }[];
      attributes: string[];
    },
  ): Promise<void> {
    const council = actor.council;
    await this.ctx.db.transaction(async (tx) => {
      await repo.replaceNetwork(tx, council.id, studyId, network, { duplicateTies: 0, selfTies: 0 });
      await this.ctx.audit.record(
        {
          councilId: council.id,
          userId: actor.userId,
          action: 'networks.study.imported',
          targetType: 'network_study',
          targetId: studyId,
          detail: { nodes: network.nodes.length, ties: network.ties.length, via: actor.via },
        },
        tx,
      );
    });
  }

  /** Replaces the study's network with one built from name-generator answers (see name-generator.ts). */
  async recordNameGenerator(
    actor: Actor,
    studyId: string,
    answers: readonly NameGeneratorAnswer[],
    attribute = 'ethnic_group',
  ): Promise<{ nodes: number; ties: number }> {
    const key = await repo.pseudonymKey(this.ctx.db, actor.council.id, studyId);
    if (key === null) throw new DomainError('errors.notFound');
    const network = nameGeneratorNetwork(key, answers, attribute);
    await this.storeNetwork(actor, studyId, network);
    return { nodes: network.nodes.length, ties: network.ties.length };
  }

  /** Survey waves that asked a name-generator question (none without the survey module). */
  async surveySources(council: Pick<Council, 'id'>) {
    return this.ctx.survey ? this.ctx.survey.sources(council) : [];
  }

  /**
   * Replaces the study's network with one built from a survey wave's name-generator answers (completed
   * responses only): each respondent and each person they named is a node under a keyed hash; backgrounds are
   * as the respondents reported them. A DomainError on `source` when the wave did not ask the question or
   * nobody has answered it yet.
   */
  async fromSurvey(
    actor: Actor,
    studyId: string,
    waveId: string,
    questionCode: string,
  ): Promise<{ respondents: number; nodes: number; ties: number }> {
    if (!this.ctx.survey) throw new DomainError('networks.fromSurvey.errors.source', 'source');
    const found = await this.ctx.survey.answers(actor.council, waveId, questionCode);
    if (!found) throw new DomainError('networks.fromSurvey.errors.source', 'source');
    if (!found.respondents.length) throw new DomainError('networks.fromSurvey.errors.noAnswers', 'source');
    const result = await this.recordNameGenerator(
      actor,
      studyId,
      found.respondents,
      found.attributes[0] ?? 'ethnic_group',
    );
    return { respondents: found.respondents.length, ...result };
  }

  private async analyse(council: Pick<Council, 'id'>, studyId: string, attribute: string | null) {
    const study = await repo.findStudy(this.ctx.db, council.id, studyId);
    if (!study) return null;
    const chosen = attribute && study.attributes.includes(attribute) ? attribute : (study.attributes[0] ?? null);
    const { nodes, ties } = await repo.loadNetwork(this.ctx.db, council.id, studyId);
    const summary = summariseNetwork({
      nodes: nodes.map((n) => n.code),
      ties: ties.map((t) => [t.from, t.to] as const),
      // Own values only: a column called "constructor" or "toString" would otherwise read Object's own.
      ...(chosen
        ? { groups: nodes.map((n) => (Object.hasOwn(n.attributes, chosen) ? n.attributes[chosen] : null)) }
        : {}),
      seed: ANALYSIS_SEED,
      brokers: Math.max(3, Math.min(10, Math.round(nodes.length / 20))),
    });
    const layout = forceLayout(summary.graph, { seed: ANALYSIS_SEED });
    return { study, chosen, summary, layout, ties };
  }

  private aggregateOf(a: NonNullable<Awaited<ReturnType<NetworkStudies['analyse']>>>): AggregateView {
    const { study, chosen, summary, layout } = a;
    const g = summary.graph;
    const count = summary.communities;
    const sx = new Float64Array(count);
    const sy = new Float64Array(count);
    const internal = new Int32Array(count);
    const groups: Record<string, number>[] = Array.from({ length: count }, () => ({}));
    summary.nodes.forEach((n, v) => {
      sx[n.community] += layout.x[v];
      sy[n.community] += layout.y[v];
      const key = n.group ?? '';
      groups[n.community][key] = (groups[n.community][key] ?? 0) + 1;
    });
    const pairs = new Map<string, { a: number; b: number; ties: number }>();
    for (let e = 0; e < g.edgeCount; e++) {
      const ca = summary.nodes[g.edgeFrom[e]].community;
      const cb = summary.nodes[g.edgeTo[e]].community;
      if (ca === cb) internal[ca]++;
    }
    for (const p of summary.bridges.pairs) pairs.set(`${p.a}:${p.b}`, { ...p });
    const all = summary.communitySizes.map((size, c) => ({
      community: c,
      size,
      internalTies: internal[c],
      groups: groups[c],
      x: sx[c] / size,
      y: sy[c] / size,
    }));
    const groupValues = [...new Set(summary.nodes.map((n) => n.group ?? ''))].sort();
    // A community of one or two people, with its groups, or a small group's own ties, would describe those
    // people: the view lists only communities of SMALL_COUNT or more and leaves out small groups' ties.
    const communities = all.filter((c) => c.size >= SMALL_COUNT);
    const small = all.filter((c) => c.size > 1 && c.size < SMALL_COUNT);
    const listed = new Set(communities.map((c) => c.community));
    const mixing: MixingView = summary.mixing
      ? {
          ...summary.mixing,
          groups: summary.mixing.groups.map((m) =>
            m.nodes >= SMALL_COUNT
              ? {
                  group: m.group,
                  nodes: m.nodes,
                  within: m.within,
                  cross: m.cross,
                  crossShare: m.crossShare,
                  expectedCrossShare: m.expectedCrossShare,
                }
              : {
                  group: m.group,
                  nodes: m.nodes,
                  within: null,
                  cross: null,
                  crossShare: null,
                  expectedCrossShare: null,
                },
          ),
        }
      : null;
    return {
      study,
      attribute: chosen,
      nodes: g.nodeCount,
      ties: g.edgeCount,
      components: summary.components,
      largestComponent: Math.max(0, ...summary.componentSizes),
      isolates: summary.isolates.length,
      modularity: summary.modularity,
      communityCount: all.filter((c) => c.size > 1).length,
      communities,
      small: { communities: small.length, people: small.reduce((n, c) => n + c.size, 0) },
      singles: all.filter((c) => c.size === 1).length,
      between: [...pairs.values()].filter((p) => listed.has(p.a) && listed.has(p.b)),
      bridgingTies: summary.bridges.ties.length,
      brokers: summary.brokers.length,
      mixing,
      groupValues,
      seed: summary.seed,
    };
  }

  /** Counts only: nothing in it names or places one person. */
  async aggregate(
    council: Pick<Council, 'id'>,
    studyId: string,
    attribute: string | null,
  ): Promise<AggregateView | null> {
    const a = await this.analyse(council, studyId, attribute);
    return a ? this.aggregateOf(a) : null;
  }

  /** Every node (by respondent code) and tie; audited as a view of personal data. */
  async people(actor: Actor, studyId: string, attribute: string | null): Promise<PeopleView | null> {
    const a = await this.analyse(actor.council, studyId, attribute);
    if (!a) return null;
    await this.ctx.audit.record({
      councilId: actor.council.id,
      userId: actor.userId,
      action: 'networks.people.viewed',
      targetType: 'network_study',
      targetId: studyId,
    });
    const brokerSet = new Set(a.summary.brokers.map((b) => b.node));
    const g = a.summary.graph;
    const membership = a.summary.nodes.map((n) => n.community);
    return {
      ...this.aggregateOf(a),
      people: a.summary.nodes.map((n, v) => ({
        code: n.id,
        degree: n.degree,
        betweenness: n.betweenness,
        closeness: n.closeness,
        component: n.component,
        community: n.community,
        group: n.group,
        broker: brokerSet.has(v),
        x: a.layout.x[v],
        y: a.layout.y[v],
      })),
      tieList: Array.from({ length: g.edgeCount }, (_, e) => ({
        from: g.edgeFrom[e],
        to: g.edgeTo[e],
        bridging: membership[g.edgeFrom[e]] !== membership[g.edgeTo[e]],
      })),
      brokerCodes: a.summary.brokers.map((b) => b.id),
    };
  }
}

/** A count for an aggregate view: small counts are not shown. */
export function suppressed(n: number): number | null {
  return n > 0 && n < SMALL_COUNT ? null : n;
}
