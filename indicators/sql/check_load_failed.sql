-- Files rejected as a whole (load_log status 'rejected') within $hours before $now, unless the same file name loaded
-- later: one row per file name, its latest rejection.
select l.file_name, coalesce(l.kind, '') as kind, max(l.loaded_at) as rejected_at, arg_max(l.message, l.loaded_at) as message
from load_log l
where l.status = 'rejected' and l.loaded_at <= $now and l.loaded_at > $now - to_hours(cast($hours as bigint))
  and not exists (
      select 1 from load_log k where k.file_name = l.file_name and k.status <> 'rejected' and k.loaded_at > l.loaded_at
  )
group by l.file_name, coalesce(l.kind, '')
order by rejected_at, l.file_name
