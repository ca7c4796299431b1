-- quality_station_days.sql from the table quality_station_day (written at publish: readings per station and day)
-- instead of counting the raw timestamps; the same rows. Kept in step with quality_station_days.sql (a test compares).
-- Coverage per station and day for one station kind: intervals present (distinct timestamps) against the
-- station's usual number per day (median over its days with data in the range). A station is expected from its
-- first day of data to the last day of data of its kind, so a station that stopped reporting shows as an outage.
-- Days without any data have n = 0 (share 0). params: $kind, $start, $end (dates), and from quality_spans.sql (kept
-- per snapshot) $span_ids, $span_first (each station's first day, as lists) and $last_day (the kind's last day)
with span as (
    select unnest($span_ids) as station_id, unnest($span_first) as first_day
), kind_last as (
    select cast($last_day as date) as last_day
), per_day as (
    select station_id, day, n
    from quality_station_day
    where kind = $kind and day >= cast($start as date) and day <= cast($end as date)
), usual as (
    select station_id, median(n) as n_usual from per_day group by 1
), spine as (
    select sp.station_id, cast(unnest(generate_series(cast(greatest(sp.first_day, cast($start as date)) as timestamp),
                                       cast(least(k.last_day, cast($end as date)) as timestamp), interval 1 day)) as date) as day
    from span sp, kind_last k
    where greatest(sp.first_day, cast($start as date)) <= least(k.last_day, cast($end as date))
)
select sp.station_id, coalesce(st.name, sp.station_id) as station_name, sp.day, coalesce(p.n, 0) as n,
       u.n_usual, case when u.n_usual is null then 0.0 else least(1.0, coalesce(p.n, 0) / u.n_usual) end as share  -- no reading in the range: 0 (least() would skip the NULL and give 1.0)
from spine sp
left join per_day p using (station_id, day)
left join usual u using (station_id)
left join station st using (station_id)
order by station_name, sp.station_id, sp.day
