-- Metrics with values at one station. params: $station
select metric, cast(min(ts) as date) as first_day, cast(max(ts) as date) as last_day
from observation
where station_id = $station and value is not null
group by 1
order by 1
