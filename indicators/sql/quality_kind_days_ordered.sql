-- The days of quality_kind_days.sql sorted by station and day, for a snapshot whose table is not stored in that order
-- (with quality_kind_stations.sql). params: $kind
select cast(day - date '1970-01-01' as integer) as day, n
from quality_station_day
where kind = $kind
order by station_id, day
