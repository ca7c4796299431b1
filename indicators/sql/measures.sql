-- Maßnahmen with their Handlungsfelder (strategy order), filtered; NULL = no filter.
-- params: $measure, $action_field, $status, $unit
select m.measure_id, m.title, m.description, m.status, m.responsible_unit, m.budget_eur, m.staff_fte,
       m.start_date, m.end_date, m.milestones, m.in_backlog, m.is_example,
       list(a.action_field_id order by a.sort_order) filter (where a.action_field_id is not null) as action_field_ids,
       list(a.name order by a.sort_order) filter (where a.action_field_id is not null) as action_field_names,
       min(a.sort_order) as field_order
from measure m
left join measure_action_field f using (measure_id)
left join action_field a using (action_field_id)
where ($measure is null or m.measure_id = $measure)
  and ($status is null or m.status = $status)
  and ($unit is null or m.responsible_unit = $unit)
  and ($action_field is null or exists (
      select 1 from measure_action_field x where x.measure_id = m.measure_id and x.action_field_id = $action_field))
group by m.measure_id, m.title, m.description, m.status, m.responsible_unit, m.budget_eur, m.staff_fte,
         m.start_date, m.end_date, m.milestones, m.in_backlog, m.is_example
order by m.title
