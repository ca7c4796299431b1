-- Freifunk per month: mean over snapshots of the sum over nodes. params: $metric ('wifi_clients' | 'node_online')
with snap as (
    select ts, sum(value) as total from observation o join station s using (station_id)
    where s.kind = 'wifi_node' and o.metric = $metric and o.value is not null
    group by 1
)
select cast(date_trunc('month', ts) as date) as period_start, avg(total) as value, count(*) as snapshots
from snap group by 1 order by 1
