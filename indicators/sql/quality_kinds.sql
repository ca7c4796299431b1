-- Station kinds with observations: stations, first and last day of data.
select s.kind, count(distinct o.station_id) as stations, cast(min(o.ts) as date) as first_day, cast(max(o.ts) as date) as last_day
from observation o join station s using (station_id)
group by s.kind
order by s.kind
