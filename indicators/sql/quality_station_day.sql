-- Readings per station and UTC day (distinct timestamps, as quality_station_days.sql counts them in the raw
-- observations), with the station's kind: `etl publish` writes this into every snapshot (table quality_station_day),
-- sorted by kind and station so that the data-quality page reads one kind's days instead of counting its raw
-- timestamps (ten years of counters: 1.1 s). Only stations in `station`, as the page's join keeps them.
select s.kind, o.station_id, cast(o.ts as date) as day, count(distinct o.ts) as n
from observation o join station s using (station_id)
group by s.kind, o.station_id, cast(o.ts as date)
order by s.kind, o.station_id, day
