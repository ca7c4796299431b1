-- Each station's metric per local (Europe/Berlin) day, from observation_hourly: `etl publish` writes this into every
-- snapshot (table observation_local_daily), sorted by station. Berlin's offset to UTC is a whole number of hours, so
-- a local day is exactly the UTC hours whose local time falls on it: the map's chart reads its levels of a day and
-- longer (days, weeks, months, years) from here, one row per day instead of 24 rows per day, each converted to local
-- time on every request. n = non-null readings, sum their sum; a mean over a period is sum(sum) / sum(n).
select station_id, metric, date_trunc('day', (period_start at time zone 'UTC') at time zone 'Europe/Berlin') as period_start,
       cast(sum(n) as bigint) as n, sum(sum) as sum
from observation_hourly
where n > 0
group by all
order by station_id, metric, period_start
