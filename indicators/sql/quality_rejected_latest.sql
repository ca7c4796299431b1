-- The latest rejected rows with file, line and reason; raw text (internal snapshot only), cut to $raw_chars characters
-- (raw_length: its stored length, so a reader can tell it was cut). params: $limit, $raw_chars
select l.loaded_at, coalesce(l.kind, '(nicht erkannt)') as kind, r.file_name, r.line, r.reason,
    left(r.raw, $raw_chars) as raw, length(r.raw) as raw_length
from rejected_row r left join load_log l using (load_id)
order by r.load_id desc, r.line
limit $limit
