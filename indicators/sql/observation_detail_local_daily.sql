-- The parts of a station's metric (directions, Wi-Fi bands) per local (Europe/Berlin) day, from the snapshot's
-- observation_detail_hourly, as observation_local_daily.sql holds the totals: written by `etl publish` (table
-- observation_detail_local_daily), sorted by station.
select station_id, metric, component,
       date_trunc('day', (period_start at time zone 'UTC') at time zone 'Europe/Berlin') as period_start,
       cast(sum(n) as bigint) as n, sum(sum) as sum
from observation_detail_hourly
where n > 0
group by all
order by station_id, metric, component, period_start
