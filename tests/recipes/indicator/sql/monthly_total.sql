-- Total count per month of a count metric over all stations of a kind (Rezept 1 of docs/where-things-go.md,
-- followed once: goes to indicators/sql/monthly_total.sql).
-- params: $metric, $kind
-- Reads the loader's pre-aggregated observation_daily (UTC days).
select cast(date_trunc('month', o.period_start) as date) as period_start,
       sum(o.sum) as value,
       count(distinct o.station_id) as stations
from observation_daily o join station s using (station_id)
where o.metric = $metric and s.kind = $kind and o.n > 0
group by 1
order by 1
