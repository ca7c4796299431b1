-- Defect reports of the last $days days before the newest report, counted per grid cell of $cell degrees
-- (0.002° ≈ 150–220 m here): a density layer that never shows a single report's position.
-- params: $days, $cell
with recent as (
    select lat, lon, requested_at from service_request
    where lat is not null and lon is not null
      and requested_at >= (select max(requested_at) from service_request) - to_days(cast($days as integer))
)
select round(round(lat / $cell) * $cell, 6) as lat, round(round(lon / $cell) * $cell, 6) as lon, count(*) as n,
       min(requested_at) as first_at, max(requested_at) as last_at
from recent
group by 1, 2
order by n desc
