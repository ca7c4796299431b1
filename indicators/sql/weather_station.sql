-- The weather station with the most daily mean temperatures (Offenbach-Wetterpark 07341 first when present).
select station_id
from observation
where metric = 'air_temperature' and station_id like 'dwd:%'
group by 1
order by (station_id = 'dwd:07341') desc, count(*) desc
limit 1
