-- Drought-stress days per year: days on which the daily mean soil moisture at 30 cm is below $threshold % (vol.),
-- averaged over the tree sensors that measured on at least one day of the year. params: $threshold
-- Reads the loader's pre-aggregated observation_daily (UTC days, n = non-null values): the same numbers as a
-- scan of the raw observations at a fraction of the cost.
with per_day as (
    select station_id, cast(period_start as date) as day, mean as vwc
    from observation_daily
    where metric = 'soil_moisture_vwc_30cm' and n > 0
), per_tree as (
    select station_id, cast(date_trunc('year', day) as date) as period_start, count(*) filter (where vwc < $threshold) as days
    from per_day group by 1, 2
)
select period_start, avg(days) as value, count(*) as stations from per_tree group by 1 order by 1
