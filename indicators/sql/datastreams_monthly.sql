-- Sensor data platform: number of distinct data streams (station × metric) reporting per month.
select cast(date_trunc('month', o.ts) as date) as period_start, count(distinct o.station_id || '|' || o.metric)::double as value
from observation o join station s using (station_id)
where s.source ilike '%sensorthings%' or s.station_id like 'sta:%'
group by 1 order by 1
