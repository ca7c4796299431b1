-- Days per year on which the daily mean of a metric exceeds a limit, at the worst station of a kind
-- (EU air-quality limits apply per measuring point). params: $metric, $kind, $limit
with per_day as (
    select o.station_id, cast(o.ts as date) as day, avg(o.value) as mean
    from observation o join station s using (station_id)
    where o.metric = $metric and s.kind = $kind and o.value is not null
    group by 1, 2
), per_station as (
    select station_id, cast(date_trunc('year', day) as date) as period_start, count(*) filter (where mean > $limit) as days
    from per_day group by 1, 2
)
select period_start, max(days)::double as value, count(*) as stations
from per_station group by 1 order by 1
