-- The stations of one kind in quality_station_day (written at publish), ordered by id: the page's name (the id where
-- the station has none), days with readings, the first of them (days since 1970-01-01) and their readings in all.
-- With quality_kind_days_ordered.sql: where the stored order of the days is not by station and day (indicators/quality.py).
-- params: $kind
select q.station_id, coalesce(any_value(s.name), q.station_id) as station_name, count(*) as days,
       cast(min(q.day) - date '1970-01-01' as integer) as first_day, cast(sum(q.n) as bigint) as readings
from quality_station_day q
left join station s using (station_id)
where q.kind = $kind
group by q.station_id
order by q.station_id
