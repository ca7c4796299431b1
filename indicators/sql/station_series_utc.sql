-- station_series.sql with periods of UTC instead of local time: indicators/stations.py shifts them to local time in
-- polars (for periods of an hour or less, a local period is the UTC period shifted by Berlin's whole-hour offset;
-- converting each row here cost half the query) and computes the October hour that occurs twice with
-- station_series.sql. The newest $limit UTC periods are returned.
-- params: $station, $metric, $width ('15 minutes' | '1 hour'), $agg ('sum' | 'mean'), $since, $until (UTC), $limit
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), ts) as period_start,
       case when $agg = 'sum' then sum(value) else avg(value) end as value
from observation
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and ts >= $since and ts < $until and value is not null
group by 1
order by 1 desc
limit $limit
