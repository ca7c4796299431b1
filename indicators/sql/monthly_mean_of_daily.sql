-- Monthly mean of daily means of a reading (e.g. PM10) over all stations of a kind.
-- params: $metric, $kind
with per_day as (
    select o.station_id, cast(o.ts as date) as day, avg(o.value) as mean
    from observation o join station s using (station_id)
    where o.metric = $metric and s.kind = $kind and o.value is not null
    group by 1, 2
)
select cast(date_trunc('month', day) as date) as period_start, avg(mean) as value, count(distinct station_id) as stations
from per_day
group by 1
order by 1
