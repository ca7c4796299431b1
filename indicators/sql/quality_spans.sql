-- For the coverage of one station kind (quality_station_days.sql): each station's first day of data, and the last day
-- of data of the kind. Two scans of the kind's observations, the same for every period asked: indicators/quality.py
-- keeps them per snapshot. params: $kind
select o.station_id, cast(min(o.ts) as date) as first_day,
       cast(max(max(o.ts)) over () as date) as kind_last_day
from observation o join station s using (station_id)
where s.kind = $kind
group by 1
order by 1
