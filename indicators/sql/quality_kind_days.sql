-- Every day with readings of one station kind from quality_station_day (written at publish) in the order `etl publish`
-- wrote them, by station and day (indicators/sql/quality_station_day.sql): no sort and no station id text, only the
-- id's hash, the day (days since 1970-01-01) and its readings. indicators/quality.py splits the rows into stations by
-- the hash (quality_kind_station_names.sql) and checks that each station's days are one run, ascending, in the order
-- of the ids; else it reads quality_kind_stations.sql and quality_kind_days_ordered.sql. params: $kind
select hash(station_id) as station_hash, cast(day - date '1970-01-01' as integer) as day, n
from quality_station_day
where kind = $kind
