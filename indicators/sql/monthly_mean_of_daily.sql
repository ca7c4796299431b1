-- Monthly mean of daily means of a reading (e.g. PM10) over all stations of a kind.
-- params: $metric, $kind
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
with per_day as (
    select o.station_id, cast(o.period_start as date) as day, o.mean
    from observation_daily o join station s using (station_id)
    where o.metric = $metric and s.kind = $kind and o.n > 0
)
select cast(date_trunc('month', day) as date) as period_start, avg(mean) as value, count(distinct station_id) as stations
from per_day
group by 1
order by 1
