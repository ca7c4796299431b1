-- Average daily total per month of a count metric, summed over the stations of a kind (citywide DTV) or for one
-- station. A station contributes the mean of its complete days of the month.
-- params: $metric, $kind, $station (NULL = all stations of the kind)
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
with per_day as (
    select o.station_id, cast(o.period_start as date) as day, o.n, o.sum as total
    from observation_daily o join station s using (station_id)
    where o.metric = $metric and s.kind = $kind and o.n > 0
      and ($station is null or o.station_id = $station)
), usual as (
    select station_id, median(n) as n_usual from per_day group by 1
), station_month as (
    select p.station_id, date_trunc('month', p.day) as period_start, avg(p.total) as dtv, count(*) as days
    from per_day p join usual u using (station_id)
    where p.n >= 0.9 * u.n_usual
    group by 1, 2
)
select cast(period_start as date) as period_start, sum(dtv) as value, count(*) as stations, min(days) as min_days
from station_month
group by 1
order by 1
