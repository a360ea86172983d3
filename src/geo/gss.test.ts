import { describe, expect, it } from 'vitest';
import {
  codeProblem,
  GEO_LEVELS,
  PARENT_LEVELS,
  ancestorLevels,
  gssCodeSchema,
  gssCodeSchemaFor,
  isAncestorLevel,
  isDemoCode,
  isGssCode,
  isRealGssCode,
  levelOfCode,
  normaliseCode,
  requireLevelOfCode,
} from './gss.ts';

describe('levelOfCode', () => {
  it.each([
    ['E00021141', 'oa'],
    ['W00000001', 'oa'],
    ['E01004197', 'lsoa'],
    ['W01000001', 'lsoa'],
    ['E02000864', 'msoa'],
    ['W02000001', 'msoa'],
    ['E05009317', 'ward'],
    ['W05000001', 'ward'],
    ['E06000032', 'lad'],
    ['E07000001', 'lad'],
    ['E08000032', 'lad'],
    ['E09000030', 'lad'],
    ['W06000015', 'lad'],
    ['E12000003', 'region'],
    ['E92000001', 'country'],
    ['W92000004', 'country'],
  ])('%s is %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
    expect(isGssCode(code)).toBe(true);
    expect(isRealGssCode(code)).toBe(true);
    expect(isDemoCode(code)).toBe(false);
  });

  it.each([
    ['X00000001', 'oa'],
    ['X01000001', 'lsoa'],
    ['X02000001', 'msoa'],
    ['X05000001', 'ward'],
    ['X08000001', 'lad'],
    ['X12000001', 'region'],
    ['X92000001', 'country'],
  ])('demo code %s is %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
    expect(isDemoCode(code)).toBe(true);
    expect(isRealGssCode(code)).toBe(false);
  });

  it.each([
    '',
    'E0100419', // too short
    'E010041977', // too long
    'e01004197', // lower case (normalise first)
    ' E01004197',
    'E01-04197',
    'E10000001', // county: not a level we store
    'E11000001',
    'W12000001', // Wales has no regions
    'S01000001', // Scotland data zones unsupported
    'N09000001',
    'X99000001',
    'Tower Hamlets',
  ])('rejects %j', (code) => {
    expect(levelOfCode(code)).toBeNull();
    expect(isGssCode(code)).toBe(false);
    expect(() => requireLevelOfCode(code)).toThrow(/Not a recognised GSS area code/);
  });

  it('rejects non-strings', () => {
    expect(isGssCode(42)).toBe(false);
    expect(isGssCode(null)).toBe(false);
    expect(levelOfCode(undefined as unknown as string)).toBeNull();
  });
});

describe('level ordering', () => {
  it('every level has its parents above it', () => {
    for (const level of GEO_LEVELS) {
      for (const parent of PARENT_LEVELS[level]) {
        expect(GEO_LEVELS.indexOf(parent)).toBeGreaterThan(GEO_LEVELS.indexOf(level));
      }
    }
  });
  it('lists ancestors nearest first across both hierarchies', () => {
    expect(ancestorLevels('oa')).toEqual(['lsoa', 'msoa', 'ward', 'lad', 'region', 'country']);
    expect(ancestorLevels('ward')).toEqual(['lad', 'region', 'country']);
    expect(ancestorLevels('country')).toEqual([]);
    expect(isAncestorLevel('lsoa', 'lad')).toBe(true);
    expect(isAncestorLevel('msoa', 'ward')).toBe(false);
    expect(isAncestorLevel('lad', 'lsoa')).toBe(false);
  });
});

describe('zod schemas', () => {
  it('normalises and validates codes', () => {
    expect(gssCodeSchema.parse(' e01004197 ')).toBe('E01004197');
    expect(gssCodeSchema.safeParse('E10000001').success).toBe(false);
    expect(gssCodeSchema.safeParse(12).success).toBe(false);
    expect(normaliseCode(' x05000001')).toBe('X05000001');
  });
  it('validates a code of one level', () => {
    const lsoa = gssCodeSchemaFor('lsoa');
    expect(lsoa.parse('E01004197')).toBe('E01004197');
    const bad = lsoa.safeParse('E02000864');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/lower layer super output area/);
  });
});

describe('codeProblem', () => {
  it('tells a malformed code from a well-formed code of an unknown kind of area', () => {
    expect(codeProblem('E05000123')).toBeNull();
    expect(codeProblem('ZZ')).toContain('is not a GSS code');
    expect(codeProblem('E99999999')).toContain('looks like a GSS code, but E99 is not a kind of area');
    expect(codeProblem('E99999999')).not.toContain('is not a GSS code');
  });
});
