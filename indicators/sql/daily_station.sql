-- Daily values of one metric at one station: sum for counts, mean for readings. Only days with at least 90 % of
-- the station's usual number of intervals count as complete; incomplete days are left out, never filled.
-- params: $station, $metric, $agg ('sum' | 'mean')
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
with per_day as (
    select cast(period_start as date) as day, n, sum as total, mean
    from observation_daily
    where station_id = $station and metric = $metric and n > 0
), usual as (
    select coalesce(median(n), 0) as n_usual from per_day
)
select day, case when $agg = 'sum' then total else mean end as value, n
from per_day, usual
where n >= 0.9 * n_usual
order by day
