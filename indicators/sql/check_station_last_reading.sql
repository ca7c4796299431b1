-- Every station with readings: its kind and the start of its latest hour with a reading at or before $now
-- (observation_hourly, kept current by the loader). Stations that never sent anything are not listed: nothing to miss.
select s.station_id, coalesce(s.name, s.station_id) as name, s.kind, max(h.period_start) as last_hour
from station s join observation_hourly h using (station_id)
where h.n > 0 and h.period_start <= $now
group by all
order by s.kind, s.station_id
