-- Parts of one station's metric (directions, Wi-Fi bands) per period of local time, read from the snapshot's
-- observation_detail_hourly instead of the raw observation_detail (as station_series_aggregated.sql reads the totals
-- from observation_hourly): sums add up, means are sum / n over the readings.
-- params: $station, $metric, $component (LIKE pattern), $width, $agg ('sum' | 'mean'), $since (whole hour), $until (UTC)
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), (period_start at time zone 'UTC') at time zone 'Europe/Berlin') as period_start,
       component,
       case when $agg = 'sum' then sum(sum) else sum(sum) / sum(n) end as value
from observation_detail_hourly
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and component like $component and period_start >= $since
  and period_start < $until and n > 0
group by 1, 2
order by 1, 2
