-- station_series_detail.sql with periods of UTC instead of local time (see station_series_utc.sql).
-- params: $station, $metric, $component (LIKE pattern), $width ('15 minutes' | '1 hour'), $agg, $since, $until (UTC)
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), ts) as period_start,
       component,
       case when $agg = 'sum' then sum(value) else avg(value) end as value
from observation_detail
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and component like $component and ts >= $since and ts < $until and value is not null
group by 1, 2
order by 1, 2
