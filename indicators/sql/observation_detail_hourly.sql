-- The parts of a station's metric (directions, Wi-Fi bands) per UTC hour, as observation_hourly holds the totals:
-- `etl publish` writes this into every snapshot (table observation_detail_hourly), sorted by station so that one
-- station's rows are read without scanning the others. n = non-null values, sum their sum; a part's mean over a
-- period is sum(sum) / sum(n), as station_series_detail.sql computes it from the raw readings.
select station_id, metric, component, date_trunc('hour', ts) as period_start, count(value) as n, sum(value) as sum
from observation_detail
where value is not null
group by station_id, metric, component, date_trunc('hour', ts)
order by station_id, metric, component, period_start
