-- Every day with readings of one station kind from quality_station_day (written at publish) in the order `etl publish`
-- wrote them, by station and day (indicators/sql/quality_station_day.sql): no station ids and no sort, only the day
-- (days since 1970-01-01) and its readings; indicators/quality.py splits them by station with quality_kind_stations.sql
-- and checks that they are in that order (else it asks quality_kind_days_ordered.sql). params: $kind
select cast(day - date '1970-01-01' as integer) as day, n
from quality_station_day
where kind = $kind
