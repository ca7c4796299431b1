-- station_series_detail_aggregated.sql with periods of UTC instead of local time (see station_series_utc.sql).
-- params: $station, $metric, $component (LIKE pattern), $width ('1 hour'), $agg ('sum' | 'mean'), $since (whole hour),
--         $until (UTC)
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), period_start) as period_start,
       component,
       case when $agg = 'sum' then sum(sum) else sum(sum) / sum(n) end as value
from observation_detail_hourly
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and component like $component and period_start >= $since
  and period_start < $until and n > 0
group by 1, 2
order by 1, 2
