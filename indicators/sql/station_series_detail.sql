-- Parts of one station's metric (directions, Wi-Fi bands) per period, aggregated like station_series.sql.
-- params: $station, $metric, $component (LIKE pattern), $width, $agg, $since, $until
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), (ts at time zone 'UTC') at time zone 'Europe/Berlin') as period_start,
       component,
       case when $agg = 'sum' then sum(value) else avg(value) end as value
from observation_detail
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and component like $component and ts >= $since and ts < $until and value is not null
group by 1, 2
order by 1, 2
