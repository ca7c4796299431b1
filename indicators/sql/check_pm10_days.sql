-- Days of the year of $now (UTC days before $now) on which a station's daily mean of $metric exceeds $limit, per
-- station with at least one such day (observation_daily, as the indicator pm10_ueberschreitungstage counts them).
select o.station_id, coalesce(s.name, o.station_id) as name, count(*) as days, max(cast(o.period_start as date)) as last_day
from observation_daily o join station s using (station_id)
where o.metric = $metric and o.n > 0 and o.mean > $limit
  and o.period_start >= date_trunc('year', $now) and o.period_start < $now
group by all
order by days desc, o.station_id
