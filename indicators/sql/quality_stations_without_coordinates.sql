-- Stations that cannot be placed on a map: no coordinates or 0/0.
select station_id, kind, name, source
from station
where lat is null or lon is null or (lat = 0 and lon = 0)
order by kind, station_id
