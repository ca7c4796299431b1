-- Answer cells of one survey from the aggregated results; the survey date of a wave is its earliest date.
-- In the public snapshot n is already NULL where suppressed.
-- params: $survey
select survey_id, wave, min(survey_date) over (partition by wave) as survey_date, question_id, answer, n
from survey_result
where survey_id = $survey
order by wave, question_id, answer
