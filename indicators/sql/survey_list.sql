-- Surveys with aggregated results (table survey_result): waves, survey dates and the title as the export writes it
-- (that of the latest wave with one; NULL for exports without a title).
select survey_id, 'survey_result' as origin, count(distinct wave) as waves,
       min(survey_date) as first_date, max(survey_date) as last_date,
       arg_max(survey_title, survey_date) filter (where survey_title is not null) as title
from survey_result
group by survey_id
order by last_date desc nulls last, survey_id
