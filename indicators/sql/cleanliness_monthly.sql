-- Cleanliness requests per month: share closed within 48 hours, median hours to close, and completeness
-- (requests that never got a closing status). params: $measure ('share48' | 'median_hours')
with r as (
    select *, date_diff('minute', requested_at, closed_at) / 60.0 as hours
    from service_request
    where requested_at is not null
      and (lower(category) similar to '.*(müll|muell|dreck|verschmutz|abfall|sperrmüll|graffiti|reinigung|sauber).*')
)
select cast(date_trunc('month', requested_at) as date) as period_start,
       case when $measure = 'share48'
            then 100.0 * count(*) filter (where hours is not null and hours <= 48) / count(*)
            else median(hours) filter (where hours is not null) end as value,
       count(*) as n,
       count(*) filter (where closed_at is null) as n_without_close
from r group by 1 order by 1
