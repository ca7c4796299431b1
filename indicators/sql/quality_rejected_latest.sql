-- The latest rejected rows with file, line and reason; raw text (internal snapshot only). params: $limit
select l.loaded_at, coalesce(l.kind, '(nicht erkannt)') as kind, r.file_name, r.line, r.reason, r.raw
from rejected_row r left join load_log l using (load_id)
order by r.load_id desc, r.line
limit $limit
