-- Survey: a "name generator" question kind ('contacts'): up to N people a respondent turns to or meets, each with
-- how they know them and their background as the respondent sees it. N is stored in scale_max (1 to 10); the
-- relationship answers and the background answers are options tagged by group ('relationship', or the
-- background attribute such as 'ethnic_group'). An answer is stored in the response's answers as a JSON array
-- of the chosen codes; no name, initials or nickname is ever stored.
alter table survey_question_versions drop constraint survey_question_versions_kind_check;
alter table survey_question_versions add constraint survey_question_versions_kind_check
  check (kind in ('choice', 'scale', 'area', 'code', 'contacts'));
