-- Latest complete day of each station of one kind: the day's sum (counts) or mean (readings) of the station's main
-- metric. Days are calendar days in Europe/Berlin. Only the last 15 days before a station's latest reading are looked
-- at; a day counts as complete with at least 90 % of the station's usual number of values per day (median), so a
-- day still being counted is never shown as the latest value.
-- params: $kind, $metric (NULL: each station's most frequent metric), $agg ('sum' | 'mean')
with obs as (
    select o.station_id, o.ts, o.metric, o.value
    from observation o join station s using (station_id)
    where s.kind = $kind and ($metric is null or o.metric = $metric) and o.value is not null
), main as (
    select station_id, arg_max(metric, n) as metric, max(last_ts) as last_ts
    from (select station_id, metric, count(*) as n, max(ts) as last_ts from obs group by all)
    group by station_id
), per_day as (
    select o.station_id, o.metric,
           cast((o.ts at time zone 'UTC') at time zone 'Europe/Berlin' as date) as day,
           count(*) as n, sum(o.value) as total, avg(o.value) as mean
    from obs o join main m on o.station_id = m.station_id and o.metric = m.metric
    where o.ts >= m.last_ts - interval 15 days
    group by all
), usual as (
    select station_id, median(n) as n_usual from per_day group by 1
)
select p.station_id, p.metric,
       arg_max(case when $agg = 'sum' then p.total else p.mean end, p.day) as value,
       max(p.day) as value_date
from per_day p join usual u using (station_id)
where p.n >= 0.9 * u.n_usual
group by p.station_id, p.metric
order by p.station_id
