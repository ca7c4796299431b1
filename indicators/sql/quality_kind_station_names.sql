-- The stations of one kind with the hash of their id (as quality_kind_days.sql gives it) and the name the
-- data-quality page shows (the id where the station has none). params: $kind
select station_id, hash(station_id) as station_hash, coalesce(name, station_id) as station_name
from station
where kind = $kind
