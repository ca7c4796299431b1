-- Station kinds with observations: stations, first and last day of data.
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
select s.kind, count(distinct o.station_id) as stations, cast(min(o.period_start) as date) as first_day,
       cast(max(o.period_start) as date) as last_day
from observation_daily o join station s using (station_id)
group by s.kind
order by s.kind
