-- Parts of one station's metric (directions, Wi-Fi bands) per period of local time of a day or longer, read from the
-- snapshot's observation_detail_local_daily, as station_series_local_daily.sql reads the totals.
-- params: $station, $metric, $component (LIKE pattern), $width, $agg ('sum' | 'mean'), $since (local midnight),
--         $until (local time)
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), period_start) as period_start,
       component,
       case when $agg = 'sum' then sum(sum) else sum(sum) / sum(n) end as value
from observation_detail_local_daily
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and component like $component and period_start >= $since
  and period_start < $until
group by 1, 2
order by 1, 2
