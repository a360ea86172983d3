/** `cohesion segregation --help`. */
import { DEFAULT_SEED, DEFAULT_TOP } from './args.ts';

export const HELP = `Usage: cohesion segregation FILE [options]

Segregation and diversity indices from a CSV of counts: one row per area, one
column per group (for example 2011 Census ethnic group by output area).
FILE may be gzip-compressed (.gz). Every index is computed for the whole file
(scope "ALL") and, with --by, for each value of that column (for example each
local authority). See docs/methods/segregation.md for what each index means.

Options:
  --area-col COL      column holding the area code (default: the first column)
  --groups A,B,...    group columns (default: every column that is numeric on
                      the first data row, except the area, --total, --by and
                      --levels columns; if a file has a total column such as
                      Persons, name it with --total or it becomes a group)
  --total COL         column holding each area's population (default: the sum
                      of the group columns). People in no listed group count as
                      the "rest" in two-group indices and as one extra group in
                      multi-group indices.
  --pair Y,X          also compare group Y with group X only, taking the
                      population as Y + X (as the R package MLID does)
  --by COL            also report each value of COL separately (e.g. LAD)
  --levels A,B,...    local contributions (impacts) of the places in each of
                      these columns (e.g. LSOA,LAD,RGN): to the pair's index of
                      dissimilarity with --pair, else to the multi-group one
  --expected N        expected index of dissimilarity under random allocation
                      (N simulated draws; area populations and group totals
                      fixed, group members placed at random: hypergeometric).
                      For the pair with --pair, else for each group vs the rest,
                      in every scope. Takes time: roughly 30-60 ms per draw per
                      comparison for the 181,408 output areas of England and Wales
  --seed S            seed for --expected (default ${DEFAULT_SEED}); same seed, same result
                      (write a negative seed as --seed=-5)
  --top N             rows of each local-contribution table in text output
                      (default ${DEFAULT_TOP}; --json always gives every row)
  --json              print one JSON document instead of tables
  --timings           print parse and compute times to stderr

Indices (all between 0 and 1 except diversity):
  each group against the rest, and the --pair:  dissimilarity (D), gini,
    entropy (Theil H), isolation (xPx), interaction (xPy), correlation_ratio
    (eta squared), atkinson_0_1, atkinson_0_5, atkinson_0_9
  all groups together:  multi_dissimilarity, multi_gini, information_theory,
    normalized_exposure, squared_coefficient_of_variation,
    simpsons_interaction, diversity (entropy, natural log)

JSON: {"scopes":[{"scope":"ALL"|<value of --by>, "by", "areas", "empty_areas",
  "population", "unallocated", "indices":{multi-group indices, diversity and,
  only with --pair, the pair's two-group indices under the names above},
  "pair":{...}, "groups":{"<group>":{"count","share", two-group indices vs the
  rest}}, "expected":{...}, "impacts":{"<level>":{"index","rows":[{"unit",
  "areas","contribution","index_share","area_share","impact","scaled_mean",
  "scaled_sd"}]}}, "notes":[reasons for any null]}], "file", "groups", ...}
Without --pair, "indices" holds no two-group values: see "groups".
An index that is undefined (for example a group with no members in a scope)
is null, with the reason in "notes". Areas with no population are skipped.

Example:
  cohesion segregation ../shared/data/census2011/ethnic_group_oa.csv.gz \\
    --total Persons --groups WhiteBrit,Irish,OtherWhite,Mixed,Indian,Pakistani,Bangladeshi,Chinese,OtherAsian,BlkAfrican,BlkCaribbean,OtherBlk,Arab,Other \\
    --pair Bangladeshi,WhiteBrit --by LAD --levels LSOA,LAD,RGN --json`;
