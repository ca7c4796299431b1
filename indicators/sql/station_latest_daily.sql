-- Latest complete day of each station of one kind: the day's sum (counts) or mean (readings) of the station's main
-- metric. Days are calendar days in Europe/Berlin. Only the last 15 days before a station's latest reading are looked
-- at; a day counts as complete with at least 90 % of the station's usual number of values per day (median), so a
-- day still being counted is never shown as the latest value.
-- Reads the loader's pre-aggregated tables (n = non-null values): the main metric and the last day from
-- observation_daily, the local days from observation_hourly (UTC offsets are whole hours, so hours add up to local
-- days exactly). A scan of the raw observations gave the same values at many times the cost.
-- params: $kind, $metric (NULL: each station's most frequent metric), $agg ('sum' | 'mean'),
--         $since (timestamp: no station's window starts earlier; see station_latest_since.sql)
with main as (
    select station_id, arg_max(metric, n) as metric, max(last_day) as last_day
    from (select d.station_id, d.metric, sum(d.n) as n, max(d.period_start) as last_day
          from observation_daily d join station s using (station_id)
          where s.kind = $kind and ($metric is null or d.metric = $metric) and d.n > 0
          group by all)
    group by station_id
), hours as (
    select h.station_id, h.metric, h.period_start, h.n, h.sum
    from observation_hourly h join main m on h.station_id = m.station_id and h.metric = m.metric
    where h.n > 0 and h.period_start >= m.last_day - interval 16 days
      and h.period_start >= $since  -- a constant lower bound lets DuckDB skip old row groups by their statistics
), last_hour as (
    select station_id, max(period_start) as last_ts from hours group by 1
), per_day as (
    select h.station_id, h.metric,
           cast((h.period_start at time zone 'UTC') at time zone 'Europe/Berlin' as date) as day,
           sum(h.n) as n, sum(h.sum) as total, sum(h.sum) / sum(h.n) as mean
    from hours h join last_hour l using (station_id)
    where h.period_start >= l.last_ts - interval 15 days
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
