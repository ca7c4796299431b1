-- One station's metric per period of local time (Europe/Berlin), read from a pre-aggregated table instead of the
-- raw observations: $table is observation_daily or observation_monthly (chosen by indicators/stations.py; the hourly
-- table, which serves every level from an hour up exactly, is read by station_series_hourly.sql): the daily and
-- monthly tables only where the readings are daily values at 00:00 UTC,
-- whose UTC day and month are their local day and month). Sums add up, means are sum / n over the readings, so the
-- values equal those of station_series.sql on the raw table. The newest $limit periods are returned.
-- params: $station, $metric, $width, $agg ('sum' | 'mean'), $since, $until (UTC), $limit
select time_bucket(cast($width as interval), (period_start at time zone 'UTC') at time zone 'Europe/Berlin') as period_start,
       case when $agg = 'sum' then sum(sum) else sum(sum) / sum(n) end as value
from query_table($table)
where station_id = $station and metric = $metric and period_start >= $since and period_start < $until and n > 0
group by 1
order by 1 desc
limit $limit
