-- Surveys known only from raw LimeSurvey responses (internal snapshot), i.e. without a row in survey_result.
select survey_id, 'survey_response' as origin, count(distinct wave) as waves,
       cast(min(submitted_at) as date) as first_date, cast(max(submitted_at) as date) as last_date,
       cast(null as varchar) as title  -- a LimeSurvey export names no title
from survey_response
where survey_id not in (select survey_id from survey_result)
group by survey_id
order by last_date desc nulls last, survey_id
