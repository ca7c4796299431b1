-- Daily values of one metric at one station: sum for counts, mean for readings. Only days with at least 90 % of
-- the station's usual number of intervals count as complete; incomplete days are left out, never filled.
-- params: $station, $metric, $agg ('sum' | 'mean')
with per_day as (
    select cast(ts as date) as day, count(value) as n, sum(value) as total, avg(value) as mean
    from observation
    where station_id = $station and metric = $metric and value is not null
    group by 1
), usual as (
    select coalesce(median(n), 0) as n_usual from per_day
)
select day, case when $agg = 'sum' then total else mean end as value, n
from per_day, usual
where n >= 0.9 * n_usual
order by day
