-- A participant code question (kind 'code'): a short pseudonymous code a programme gives its participants, so
-- an evaluation can pair each person's answers before and after without a name. Answers are stored like any
-- other answer; the code is never a category, a result or an indicator.
alter table survey_question_versions drop constraint if exists survey_question_versions_kind_check;
alter table survey_question_versions
  add constraint survey_question_versions_kind_check check (kind in ('choice', 'scale', 'area', 'code'));
