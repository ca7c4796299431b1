-- One measure as a presentation slide names it: title, start date and its Handlungsfelder in the strategy's order.
-- params: $measure
select m.title, m.start_date,
       coalesce(list(f.name order by f.sort_order) filter (where f.name is not null), []) as action_fields
from measure m
left join measure_action_field mf using (measure_id)
left join action_field f using (action_field_id)
where m.measure_id = $measure
group by m.title, m.start_date
