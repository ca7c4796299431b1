-- One station's metric aggregated to periods of local time (Europe/Berlin): sum for counts, mean for readings.
-- Periods come from time_bucket (weeks start on Monday: DuckDB's default origin 2000-01-03 is a Monday). In the
-- October change-back hour both UTC hours fall into one local bucket. The newest $limit periods are returned.
-- params: $station, $metric, $width (interval text, e.g. '15 minutes', '1 month'), $agg ('sum' | 'mean'),
--         $since, $until (UTC timestamps: readings from $since to before $until), $limit
--         $first_row, $last_row (the station's rows: see station_series_hourly.sql)
select time_bucket(cast($width as interval), (ts at time zone 'UTC') at time zone 'Europe/Berlin') as period_start,
       case when $agg = 'sum' then sum(value) else avg(value) end as value
from observation
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and ts >= $since and ts < $until and value is not null
group by 1
order by 1 desc
limit $limit
