-- Daily values of one metric at several stations at once (`daily_station.sql` for each, in one scan): sum for counts,
-- mean for readings; only days with at least 90 % of each station's usual number of intervals.
-- params: $stations (list), $metric, $agg ('sum' | 'mean')
with per_day as (
    select station_id, cast(period_start as date) as day, n, sum as total, mean
    from observation_daily
    where station_id in (select unnest($stations)) and metric = $metric and n > 0
), usual as (
    select station_id, coalesce(median(n), 0) as n_usual from per_day group by station_id
)
select station_id, day, case when $agg = 'sum' then total else mean end as value, n
from per_day join usual using (station_id)
where n >= 0.9 * n_usual
order by station_id, day
