-- Control candidates for difference-in-differences: other stations of the same kind with the same metric.
-- params: $station, $metric
with candidates as (
    select distinct station_id from observation where metric = $metric and value is not null
)
select s.station_id, coalesce(s.name, s.station_id) as name
from station s join candidates using (station_id)
where s.kind = (select kind from station where station_id = $station)
  and s.station_id <> $station
order by name
