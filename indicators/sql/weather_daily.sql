-- Daily weather for adjustment: DWD daily mean temperature and precipitation of one weather station.
-- params: $station
select cast(ts as date) as day,
       max(value) filter (where metric = 'air_temperature') as temperature,
       max(value) filter (where metric = 'precipitation') as precipitation
from observation
where station_id = $station and metric in ('air_temperature', 'precipitation')
group by 1
order by 1
