-- One station's metric per period of local time (Europe/Berlin) of a day or longer, read from the snapshot's
-- observation_local_daily (local days: no time zone conversion per row). Sums add up, means are sum / n over the
-- readings, as in station_series_aggregated.sql. The newest $limit periods are returned.
-- params: $station, $metric, $width, $agg ('sum' | 'mean'), $since (local midnight), $until (local time), $limit
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), period_start) as period_start,
       case when $agg = 'sum' then sum(sum) else sum(sum) / sum(n) end as value
from observation_local_daily
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and period_start >= $since and period_start < $until
group by 1
order by 1 desc
limit $limit
