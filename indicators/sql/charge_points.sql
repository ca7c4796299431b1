-- Public charge points (or charging power) in Offenbach at the end of each year, from the latest register release:
-- cumulative over the commissioning date. params: $measure ('points' | 'power')
with latest as (
    select * from charging_station
    where release_date = (select max(release_date) from charging_station)
      and (city ilike 'Offenbach%' or postcode between '63065' and '63075')
), years as (
    select unnest(generate_series(
        (select coalesce(min(year(commissioned_on)), year(current_date)) from latest), (select coalesce(max(year(commissioned_on)), year(current_date)) from latest))) as y
)
select make_date(cast(y as integer), 12, 31) as period_start,
       (select coalesce(sum(case when $measure = 'points' then coalesce(charge_points, 1) else power_kw end), 0)
        from latest where commissioned_on <= make_date(cast(y as integer), 12, 31))::double as value
from years order by 1
