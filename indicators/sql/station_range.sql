-- Time range of one station's metric and its usual spacing of readings (median gap of the latest 500 readings).
-- params: $station, $metric
with o as (
    select ts from observation where station_id = $station and metric = $metric and value is not null
), recent as (
    select epoch(ts) - lag(epoch(ts)) over (order by ts) as gap
    from (select ts from o order by ts desc limit 500)
)
select (select min(ts) from o) as first_ts, (select max(ts) from o) as last_ts, (select count(*) from o) as n,
       (select median(gap) from recent) as gap_seconds
