-- Control candidates for difference-in-differences: other stations of the same kind with the same metric.
-- params: $station, $metric
-- Reads the loader's pre-aggregated observation_monthly (UTC months, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
with candidates as (
    select distinct station_id from observation_monthly where metric = $metric and n > 0
)
select s.station_id, coalesce(s.name, s.station_id) as name
from station s join candidates using (station_id)
where s.kind = (select kind from station where station_id = $station)
  and s.station_id <> $station
order by name
