-- The earliest start of the look-back windows of station_latest_daily.sql for one kind: 16 days before the
-- earliest of the stations' last days. A cheap query on observation_daily whose result bounds the hourly scan.
-- params: $kind, $metric (NULL: any metric)
select coalesce(min(last_day), timestamp '1900-01-01') - interval 16 days as since
from (select d.station_id, max(d.period_start) as last_day
      from observation_daily d join station s using (station_id)
      where s.kind = $kind and ($metric is null or d.metric = $metric) and d.n > 0
      group by 1)
