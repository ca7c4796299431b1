-- Days per year on which the daily mean of a metric exceeds a limit, at the worst station of a kind
-- (EU air-quality limits apply per measuring point). params: $metric, $kind, $limit
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
with per_day as (
    select o.station_id, cast(o.period_start as date) as day, o.mean
    from observation_daily o join station s using (station_id)
    where o.metric = $metric and s.kind = $kind and o.n > 0
), per_station as (
    select station_id, cast(date_trunc('year', day) as date) as period_start, count(*) filter (where mean > $limit) as days
    from per_day group by 1, 2
)
select period_start, max(days)::double as value, count(*) as stations
from per_station group by 1 order by 1
