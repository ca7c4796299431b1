-- Stations with time series, for the before/after selectors: kind, name and their metrics (first and last day).
with series as (
    select station_id, metric, cast(min(ts) as date) as first_day, cast(max(ts) as date) as last_day
    from observation
    where value is not null
    group by 1, 2
)
select s.station_id, s.kind, coalesce(s.name, s.station_id) as name, s.source, series.metric, series.first_day,
       series.last_day
from series join station s using (station_id)
order by s.kind, name, series.metric
