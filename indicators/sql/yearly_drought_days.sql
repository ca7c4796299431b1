-- Drought-stress days per year: days on which the daily mean soil moisture at 30 cm is below $threshold % (vol.),
-- averaged over the tree sensors that measured on at least one day of the year. params: $threshold
with per_day as (
    select station_id, cast(ts as date) as day, avg(value) as vwc
    from observation
    where metric = 'soil_moisture_vwc_30cm' and value is not null
    group by 1, 2
), per_tree as (
    select station_id, cast(date_trunc('year', day) as date) as period_start, count(*) filter (where vwc < $threshold) as days
    from per_day group by 1, 2
)
select period_start, avg(days) as value, count(*) as stations from per_tree group by 1 order by 1
