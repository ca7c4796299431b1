-- Heat days per year (daily maximum ≥ 30 °C) at the weather station. params: $station
select cast(date_trunc('year', ts) as date) as period_start,
       count(*) filter (where value >= 30)::double as value, count(*) as days_with_data
from observation
where station_id = $station and metric = 'air_temperature_max' and value is not null
group by 1 order by 1
