-- Answer cells of one survey counted from raw responses (internal snapshot only); no answer counts as
-- 'keine Angabe'. The survey date of a wave is the day of its first submission.
-- params: $survey
with wave_date as (
    select wave, cast(min(submitted_at) as date) as survey_date
    from survey_response
    where survey_id = $survey
    group by wave
)
select r.survey_id, r.wave, w.survey_date, r.question_id, coalesce(r.answer, 'keine Angabe') as answer, count(*) as n
from survey_response r join wave_date w using (wave)
where r.survey_id = $survey
group by r.survey_id, r.wave, w.survey_date, r.question_id, coalesce(r.answer, 'keine Angabe')
order by r.wave, r.question_id, answer
