-- station_series_hourly.sql with periods of UTC instead of local time (see station_series_utc.sql).
-- params: $station, $metric, $width ('1 hour'), $agg ('sum' | 'mean'), $since, $until (UTC), $limit, $first_row,
--         $last_row
select time_bucket(cast($width as interval), period_start) as period_start,
       case when $agg = 'sum' then sum(sum) else sum(sum) / sum(n) end as value
from observation_hourly
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and period_start >= $since and period_start < $until and n > 0
group by 1
order by 1 desc
limit $limit
