-- The 48-hour rule of 48h-Dreck-weg+: cleanliness requests (the filter of cleanliness_monthly.sql) made in the 7 days
-- that ended 48 hours before $now, so each has had its 48 hours; missed = not closed within 48 hours (a request
-- without a closing time counts as missed, as in the indicator).
select count(*) as n,
       count(*) filter (where closed_at is null or closed_at > requested_at + interval 48 hour) as missed,
       min($now - interval 9 day) as window_start,
       min($now - interval 2 day) as window_end
from service_request
where requested_at >= $now - interval 9 day and requested_at < $now - interval 2 day
  and (lower(category) similar to '.*(müll|muell|dreck|verschmutz|abfall|sperrmüll|graffiti|reinigung|sauber).*')
