-- Sensor data platform: number of distinct data streams (station × metric) reporting per month.
-- Reads the loader's pre-aggregated observation_monthly (UTC months, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
select cast(o.period_start as date) as period_start, count(distinct o.station_id || '|' || o.metric)::double as value
from observation_monthly o join station s using (station_id)
where s.source ilike '%sensorthings%' or s.station_id like 'sta:%'
group by 1 order by 1
