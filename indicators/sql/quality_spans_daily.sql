-- quality_spans.sql from the table quality_station_day (written at publish): each station's first day of data and the
-- kind's last day of data, the same dates as the scan of the raw observations. params: $kind
select station_id, min(day) as first_day, max(max(day)) over () as kind_last_day
from quality_station_day
where kind = $kind
group by 1
order by 1
