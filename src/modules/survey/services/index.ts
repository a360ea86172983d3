/** Builds the survey's services once, sharing one context. Only the module's index.ts calls this. */
import { BankService } from './bank.ts';
import type { SurveyContext } from './context.ts';
import { FieldworkService } from './fieldwork.ts';
import { NameGeneratorService } from './name-generator.ts';
import { PublicationService } from './publication.ts';
import { RespondingService } from './responding.ts';
import { ResultsService } from './results.ts';
import { WavesService } from './waves.ts';
import { WeightingService } from './weighting.ts';

/** The survey module's public services, by sub-domain. */
export interface SurveyServices {
  /** The question bank: built-in and own questions, and their versions. */
  readonly bank: BankService;
  /** Surveys, waves, questionnaires and wave status. */
  readonly waves: WavesService;
  /** The public online survey: start, answer, save and resume, submit. */
  readonly responding: RespondingService;
  /** Fieldwork import: upload, column mapping, all-or-nothing import. */
  readonly fieldwork: FieldworkService;
  /** Margins and raking. */
  readonly weighting: WeightingService;
  /** Estimates, comparisons, benchmarks and downloads. */
  readonly results: ResultsService;
  /** Publication of estimates as indicator values. */
  readonly publication: PublicationService;
  /** Name-generator answers, for building a network study (the networks module reads them through this). */
  readonly nameGenerator: NameGeneratorService;
}

export function createSurveyServices(ctx: SurveyContext): SurveyServices {
  const bank = new BankService(ctx);
  return {
    bank,
    waves: new WavesService(ctx, bank),
    responding: new RespondingService(ctx),
    fieldwork: new FieldworkService(ctx),
    weighting: new WeightingService(ctx),
    results: new ResultsService(ctx),
    publication: new PublicationService(ctx),
    nameGenerator: new NameGeneratorService(ctx),
  };
}

export type { SurveyContext };
export type {
  BankService,
  FieldworkService,
  NameGeneratorService,
  PublicationService,
  RespondingService,
  ResultsService,
  WavesService,
  WeightingService,
};
