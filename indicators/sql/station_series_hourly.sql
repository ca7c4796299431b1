-- station_series_aggregated.sql for observation_hourly (which serves every level from an hour up exactly: Berlin's UTC
-- offset is a whole number of hours), with the station's rows found by their row numbers: DuckDB keeps only the first
-- bytes of a text as a row group's minimum and maximum, so `station_id = …` alone reads the row groups of every
-- station of the same source ('ecocounter:…'); $first_row/$last_row (indicators/stations.py: `row_range`) narrow it to
-- this station's row groups. The newest $limit periods are returned.
-- params: $station, $metric, $width, $agg ('sum' | 'mean'), $since, $until (UTC), $limit, $first_row, $last_row
select time_bucket(cast($width as interval), (period_start at time zone 'UTC') at time zone 'Europe/Berlin') as period_start,
       case when $agg = 'sum' then sum(sum) else sum(sum) / sum(n) end as value
from observation_hourly
where rowid between $first_row and $last_row
  and station_id = $station and metric = $metric and period_start >= $since and period_start < $until and n > 0
group by 1
order by 1 desc
limit $limit
