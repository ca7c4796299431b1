-- Complete days of one metric per station of one kind (see daily_station.sql for "complete").
-- params: $metric, $kind, $agg
with per_day as (
    select o.station_id, cast(o.ts as date) as day, count(o.value) as n, sum(o.value) as total, avg(o.value) as mean
    from observation o join station s using (station_id)
    where o.metric = $metric and s.kind = $kind and o.value is not null
    group by 1, 2
), usual as (
    select station_id, median(n) as n_usual from per_day group by 1
)
select p.station_id, p.day, case when $agg = 'sum' then p.total else p.mean end as value
from per_day p join usual u using (station_id)
where p.n >= 0.9 * u.n_usual
order by p.station_id, p.day
