-- Latest reading of each station of one kind (e.g. Freifunk clients at the last snapshot).
-- params: $kind, $metric
select o.station_id, o.metric, arg_max(o.value, o.ts) as value,
       cast(max((o.ts at time zone 'UTC') at time zone 'Europe/Berlin') as date) as value_date
from observation o join station s using (station_id)
where s.kind = $kind and o.metric = $metric and o.value is not null
group by o.station_id, o.metric
order by o.station_id
