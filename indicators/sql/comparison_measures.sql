-- Measures with a start date (presets for the before/after date), earliest first.
select measure_id, title, start_date
from measure
where start_date is not null and not in_backlog
order by start_date, title
