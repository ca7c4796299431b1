-- Stations with time series, for the before/after selectors: kind, name and their metrics (first and last day).
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same first and last days
-- as a scan of the raw observations (ts is UTC), at a fraction of the cost.
with series as (
    select station_id, metric, cast(min(period_start) as date) as first_day, cast(max(period_start) as date) as last_day
    from observation_daily
    where n > 0
    group by 1, 2
)
select s.station_id, s.kind, coalesce(s.name, s.station_id) as name, s.source, series.metric, series.first_day,
       series.last_day
from series join station s using (station_id)
order by s.kind, name, series.metric
