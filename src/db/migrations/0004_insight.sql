-- Know: built-in indicator definitions (tenant_id null) and each council's comparator group.
-- Every built-in definition cites the framework it comes from and where its data comes from.

-- Comparator group of a council: nearest neighbours computed over chosen characteristics, or a hand-picked list.
create table insight_comparator_sets (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  method text not null check (method in ('nearest', 'manual')),
  characteristics jsonb not null default '[]'::jsonb,   -- indicator codes used for nearest neighbours
  period text,                                          -- the period whose values were compared
  updated_at timestamptz not null default now()
);

create table insight_comparators (
  tenant_id uuid not null references insight_comparator_sets(tenant_id) on delete cascade,
  area_code text not null references areas(code) on delete cascade,
  position integer not null,
  distance double precision,                            -- standardised Euclidean distance (nearest only)
  primary key (tenant_id, area_code)
);

-- LG Inform cohesion and integration report: the four indicators.
insert into indicators (tenant_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description) values
(null, 'lg_inform.english_proficiency', 'Residents who cannot speak English well or at all', 'lg_inform', 'english_proficiency', 'percent', false,
 'LGA LG Inform cohesion and integration report (February 2019), indicator 1. Data: ONS Census 2021 table TS029 Proficiency in English (Nomis), residents aged 3 and over whose main language is not English who cannot speak English well or at all.',
 'lad', '["ethnic_group"]', 'Share of usual residents aged 3 and over who cannot speak English well or cannot speak English. Lower is better.'),
(null, 'lg_inform.economic_inactivity', 'Economically inactive residents aged 16 and over', 'lg_inform', 'economic_inactivity', 'percent', false,
 'LGA LG Inform cohesion and integration report (February 2019), indicator 2. Data: ONS Census 2021 table TS066 Economic activity status (Nomis), usual residents aged 16 and over.',
 'lad', '["ethnic_group","sex"]', 'Share of usual residents aged 16 and over who are economically inactive (retired, students, looking after home or family, long-term sick or disabled, other).'),
(null, 'lg_inform.residential_segregation', 'Residential segregation: index of dissimilarity', 'lg_inform', 'residential_segregation', 'index', false,
 'LGA LG Inform cohesion and integration report (February 2019), indicator 3. Method: index of dissimilarity (Duncan and Duncan 1955). Data: census counts by ethnic group (ONS Census 2021 TS021, 2011 KS201) for the small areas of the council.',
 'lad', '["ethnic_group"]', 'By group: the share of the group that would have to move to another small area for it to be spread like the rest of the population (or like a named second group). Whole population (group all): the multi-group index of dissimilarity (Reardon and Firebaugh 2002) across every group. 0 is even, 1 is complete separation.'),
(null, 'lg_inform.migration', 'Residents who lived outside the UK a year before the census', 'lg_inform', 'migration', 'percent', null,
 'LGA LG Inform cohesion and integration report (February 2019), indicator 4 (migration levels). Data: ONS Census 2021 table TS019 Migrant indicator (Nomis), usual residents whose address one year before was outside the UK.',
 'lad', '[]', 'Share of usual residents whose address one year before the census was outside the UK. Neither direction is better in itself: it shows how much new arrival a place is absorbing.');

-- Segregation engine results (stored by "run segregation"): the other indices, beside D above.
insert into indicators (tenant_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description) values
(null, 'segregation.isolation', 'Residential segregation: isolation index', 'segregation', 'residential_segregation', 'index', null,
 'Bell (1954), Massey and Denton (1988). Computed by the Observatory segregation engine from census counts by ethnic group.', 'lad', '["ethnic_group"]',
 'The share of their own group in the small area of the average member of the group.'),
(null, 'segregation.entropy', 'Residential segregation: entropy index (Theil H)', 'segregation', 'residential_segregation', 'index', false,
 'Theil and Finizza (1971), Massey and Denton (1988). Computed by the Observatory segregation engine.', 'lad', '["ethnic_group"]',
 'How much less mixed the small areas are, on average, than the council as a whole. 0 is even, 1 is complete separation.'),
(null, 'segregation.gini', 'Residential segregation: Gini index', 'segregation', 'residential_segregation', 'index', false,
 'Massey and Denton (1988). Computed by the Observatory segregation engine.', 'lad', '["ethnic_group"]',
 'The average difference in the group''s share between every pair of small areas, scaled to lie between 0 and 1.'),
(null, 'segregation.information_theory', 'Residential segregation: multi-group information theory index H', 'segregation', 'residential_segregation', 'index', false,
 'Theil (1972), Reardon and Firebaugh (2002). Computed by the Observatory segregation engine over every ethnic group at once.', 'lad', '[]',
 'How much less diverse the small areas are, on average, than the council as a whole.'),
(null, 'segregation.diversity', 'Ethnic diversity (entropy)', 'segregation', 'diversity', 'index', null,
 'Theil (1972), Reardon and Firebaugh (2002). Computed by the Observatory segregation engine.', 'lad', '[]',
 'How mixed the whole population is: 0 when everyone is in one group, larger with more groups of similar size.');

-- GLA social integration measures: relationships, participation, equality.
insert into indicators (tenant_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description) values
(null, 'gla.relationships.get_on_well', 'People from different backgrounds get on well together', 'gla_social_integration', 'relationships', 'percent', true,
 'GLA social integration measures (All of Us: The Mayor''s Strategy for Social Integration, 2018), relationships. Data: Survey of Londoners (GLA 2018-19) or the council''s own residents survey.',
 'lad', '["ethnic_group","age_band"]', 'Share of residents who agree their local area is a place where people from different backgrounds get on well together.'),
(null, 'gla.relationships.mixing', 'Residents who socialise with people from different backgrounds', 'gla_social_integration', 'relationships', 'percent', true,
 'GLA social integration measures (2018), relationships: diversity of social networks. Data: Survey of Londoners or the council''s residents survey.',
 'lad', '["ethnic_group","age_band"]', 'Share of residents whose friends include people of a different ethnic group, age or social class.'),
(null, 'gla.relationships.trust', 'Residents who trust many or some people in their neighbourhood', 'gla_social_integration', 'relationships', 'percent', true,
 'GLA social integration measures (2018), relationships. Data: Survey of Londoners, Community Life Survey (DCMS) or the council''s residents survey.',
 'lad', '["ethnic_group","age_band"]', 'Share of residents who say many or some of the people in their neighbourhood can be trusted.'),
(null, 'gla.participation.volunteering', 'Residents who volunteered formally in the last 12 months', 'gla_social_integration', 'participation', 'percent', true,
 'GLA social integration measures (2018), participation. Data: Survey of Londoners, Community Life Survey (DCMS) or the council''s residents survey.',
 'lad', '["ethnic_group","age_band"]', 'Share of residents who gave unpaid help through a group, club or organisation in the last 12 months.'),
(null, 'gla.participation.influence', 'Residents who feel they can influence local decisions', 'gla_social_integration', 'participation', 'percent', true,
 'GLA social integration measures (2018), participation: civic engagement. Data: Survey of Londoners, Community Life Survey (DCMS) or the council''s residents survey.',
 'lad', '["ethnic_group","age_band"]', 'Share of residents who agree they can influence decisions affecting their local area.'),
(null, 'gla.equality.discrimination', 'Residents who experienced discrimination in the last 12 months', 'gla_social_integration', 'equality', 'percent', false,
 'GLA social integration measures (2018), equality. Data: Survey of Londoners or the council''s residents survey.',
 'lad', '["ethnic_group","age_band","sex"]', 'Share of residents who say they were treated unfairly because of who they are in the last 12 months.'),
(null, 'gla.equality.employment_gap', 'Employment rate gap between ethnic minority and White residents', 'gla_social_integration', 'equality', 'percent', false,
 'GLA social integration measures (2018), equality. Data: ONS Annual Population Survey (Nomis), employment rate aged 16 to 64 by ethnic group.',
 'lad', '[]', 'White employment rate minus the ethnic minority employment rate, in percentage points. Smaller is better.');

-- Runnymede Trust Race Equality Scorecard: seven domains.
insert into indicators (tenant_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description) values
(null, 'scorecard.education.attainment8', 'Pupils achieving grade 5 or above in English and maths GCSE', 'race_equality_scorecard', 'education', 'percent', true,
 'Runnymede Trust Race Equality Scorecard, education domain. Data: Department for Education, Key stage 4 performance by ethnicity (local authority).',
 'lad', '["ethnic_group"]', 'Share of pupils at the end of key stage 4 with grade 5 or above in English and maths, by ethnic group.'),
(null, 'scorecard.employment.rate', 'Employment rate, aged 16 to 64', 'race_equality_scorecard', 'employment', 'percent', true,
 'Runnymede Trust Race Equality Scorecard, employment domain. Data: ONS Annual Population Survey (Nomis), by ethnic group.',
 'lad', '["ethnic_group"]', 'Share of residents aged 16 to 64 who are in employment.'),
(null, 'scorecard.housing.overcrowding', 'Households that are overcrowded', 'race_equality_scorecard', 'housing', 'percent', false,
 'Runnymede Trust Race Equality Scorecard, housing domain. Data: ONS Census 2021 TS052 Occupancy rating for bedrooms, by ethnic group of the household reference person.',
 'lad', '["ethnic_group"]', 'Share of households with fewer bedrooms than they need (occupancy rating -1 or less).'),
(null, 'scorecard.health.bad_health', 'Residents in bad or very bad health', 'race_equality_scorecard', 'health', 'percent', false,
 'Runnymede Trust Race Equality Scorecard, health domain. Data: ONS Census 2021 TS037 General health, by ethnic group (age-standardised where available).',
 'lad', '["ethnic_group","sex"]', 'Share of usual residents who describe their health as bad or very bad.'),
(null, 'scorecard.criminal_justice.stop_search', 'Stop and search rate per 1,000 residents', 'race_equality_scorecard', 'criminal_justice', 'rate_per_1000', false,
 'Runnymede Trust Race Equality Scorecard, criminal justice domain. Data: Home Office Police powers and procedures, stop and search by self-defined ethnicity (police force area).',
 'lad', '["ethnic_group"]', 'Stops and searches per 1,000 residents of each ethnic group in a year.'),
(null, 'scorecard.civic.councillors', 'Councillors from ethnic minority backgrounds', 'race_equality_scorecard', 'civic_participation', 'percent', true,
 'Runnymede Trust Race Equality Scorecard, civic participation domain. Data: LGA National Census of Local Authority Councillors, or the council''s own record.',
 'lad', '[]', 'Share of the council''s elected members from ethnic minority backgrounds, to compare with the ethnic minority share of residents.'),
(null, 'scorecard.voluntary_sector.funding', 'Grant funding to BME-led voluntary organisations', 'race_equality_scorecard', 'support_bme_voluntary_sector', 'percent', true,
 'Runnymede Trust Race Equality Scorecard, support for the BME voluntary sector domain. Data: the council''s grants register (for example 360Giving data).',
 'lad', '[]', 'Share of the council''s grants to the voluntary and community sector that went to organisations led by Black and minority ethnic people.');

-- Home Office Indicators of Integration framework 2019 (Ndofor-Tah et al., Home Office Research Report 109): 14 domains.
insert into indicators (tenant_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description) values
(null, 'ioi.work.employment', 'Migrants and refugees in employment', 'home_office_ioi', 'work', 'percent', true,
 'Home Office Indicators of Integration framework 2019 (Research Report 109), markers and means: work. Data: ONS Annual Population Survey by country of birth, or service records.',
 'lad', '["country_of_birth","ethnic_group"]', 'Share of working-age residents born outside the UK who are in paid work.'),
(null, 'ioi.housing.secure_tenure', 'Households in secure housing', 'home_office_ioi', 'housing', 'percent', true,
 'Home Office Indicators of Integration framework 2019, markers and means: housing. Data: ONS Census 2021 TS054 Tenure, or council housing records.',
 'lad', '["ethnic_group"]', 'Share of households who own their home or rent from a social landlord.'),
(null, 'ioi.education.no_qualifications', 'Residents aged 16 and over with no qualifications', 'home_office_ioi', 'education', 'percent', false,
 'Home Office Indicators of Integration framework 2019, markers and means: education. Data: ONS Census 2021 TS067 Highest level of qualification.',
 'lad', '["ethnic_group"]', 'Share of usual residents aged 16 and over with no qualifications.'),
(null, 'ioi.health.gp_registration', 'New arrivals registered with a GP', 'home_office_ioi', 'health_and_social_care', 'percent', true,
 'Home Office Indicators of Integration framework 2019, markers and means: health and social care. Data: local NHS and resettlement service records.',
 'lad', '[]', 'Share of newly arrived residents supported by the council who are registered with a GP.'),
(null, 'ioi.leisure.participation', 'Residents who took part in sport, culture or leisure with others', 'home_office_ioi', 'leisure', 'percent', true,
 'Home Office Indicators of Integration framework 2019, markers and means: leisure. Data: Sport England Active Lives, DCMS Participation Survey or the council''s residents survey.',
 'lad', '["ethnic_group"]', 'Share of residents who took part in a group sport, cultural or leisure activity in the last 12 months.'),
(null, 'ioi.bonds.close_friends', 'Residents with someone to turn to', 'home_office_ioi', 'social_bonds', 'percent', true,
 'Home Office Indicators of Integration framework 2019, social connections: social bonds. Data: Community Life Survey or the council''s residents survey.',
 'lad', '["ethnic_group"]', 'Share of residents who have someone they can rely on if they have a serious problem.'),
(null, 'ioi.bridges.mixing', 'Residents who mix socially with people from other backgrounds', 'home_office_ioi', 'social_bridges', 'percent', true,
 'Home Office Indicators of Integration framework 2019, social connections: social bridges. Data: Community Life Survey or the council''s residents survey.',
 'lad', '["ethnic_group"]', 'Share of residents who mixed socially with people from a different ethnic or religious group in the last month.'),
(null, 'ioi.links.trust_council', 'Residents who trust the council', 'home_office_ioi', 'social_links', 'percent', true,
 'Home Office Indicators of Integration framework 2019, social connections: social links. Data: the council''s residents survey (LGA resident satisfaction questions).',
 'lad', '["ethnic_group"]', 'Share of residents who trust the council a great deal or a fair amount.'),
(null, 'ioi.language.english', 'Residents who speak English well', 'home_office_ioi', 'language_and_communication', 'percent', true,
 'Home Office Indicators of Integration framework 2019, facilitators: language and communication. Data: ONS Census 2021 TS029 Proficiency in English.',
 'lad', '["ethnic_group"]', 'Share of residents aged 3 and over whose main language is English or who speak English well or very well.'),
(null, 'ioi.culture.belonging', 'Residents who feel they belong to Britain', 'home_office_ioi', 'culture', 'percent', true,
 'Home Office Indicators of Integration framework 2019, facilitators: culture. Data: Community Life Survey or the council''s residents survey.',
 'lad', '["ethnic_group"]', 'Share of residents who feel they belong very or fairly strongly to Britain.'),
(null, 'ioi.digital.online', 'Residents able to use the internet', 'home_office_ioi', 'digital_skills', 'percent', true,
 'Home Office Indicators of Integration framework 2019, facilitators: digital skills. Data: ONS Internet users, or the council''s residents survey.',
 'lad', '[]', 'Share of adults who have used the internet in the last three months.'),
(null, 'ioi.safety.hate_crime', 'Recorded hate crimes per 1,000 residents', 'home_office_ioi', 'safety', 'rate_per_1000', false,
 'Home Office Indicators of Integration framework 2019, facilitators: safety. Data: police recorded hate crime (Home Office), or the Observatory''s own hate incident reports.',
 'lad', '[]', 'Hate crimes recorded by the police in a year per 1,000 residents.'),
(null, 'ioi.stability.same_address', 'Residents at the same address a year before', 'home_office_ioi', 'stability', 'percent', true,
 'Home Office Indicators of Integration framework 2019, facilitators: stability. Data: ONS Census 2021 TS019 Migrant indicator.',
 'lad', '[]', 'Share of usual residents whose address one year before the census was the same as now.'),
(null, 'ioi.rights.citizenship', 'Residents who know how to exercise their rights', 'home_office_ioi', 'rights_and_responsibilities', 'percent', true,
 'Home Office Indicators of Integration framework 2019, foundation: rights and responsibilities. Data: the council''s residents survey or service records.',
 'lad', '["country_of_birth"]', 'Share of residents who agree they know where to get advice about their rights, for example on housing, work or immigration status.');
