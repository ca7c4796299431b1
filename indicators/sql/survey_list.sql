-- Surveys with aggregated results (table survey_result): waves and survey dates.
select survey_id, 'survey_result' as origin, count(distinct wave) as waves,
       min(survey_date) as first_date, max(survey_date) as last_date
from survey_result
group by survey_id
order by last_date desc nulls last, survey_id
