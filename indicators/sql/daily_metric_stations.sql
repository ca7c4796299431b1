-- Complete days of one metric per station of one kind (see daily_station.sql for "complete").
-- params: $metric, $kind, $agg
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
with per_day as (
    select o.station_id, cast(o.period_start as date) as day, o.n, o.sum as total, o.mean
    from observation_daily o join station s using (station_id)
    where o.metric = $metric and s.kind = $kind and o.n > 0
), usual as (
    select station_id, median(n) as n_usual from per_day group by 1
)
select p.station_id, p.day, case when $agg = 'sum' then p.total else p.mean end as value
from per_day p join usual u using (station_id)
where p.n >= 0.9 * u.n_usual
order by p.station_id, p.day
