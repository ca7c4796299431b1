-- Daily weather for adjustment: DWD daily mean temperature, precipitation and snow depth of one weather station.
-- params: $station
select cast(ts as date) as day,
       max(value) filter (where metric = 'air_temperature') as temperature,
       max(value) filter (where metric = 'precipitation') as precipitation,
       max(value) filter (where metric = 'snow_depth') as snow_depth
from observation
where station_id = $station and metric in ('air_temperature', 'precipitation', 'snow_depth')
group by 1
order by 1
