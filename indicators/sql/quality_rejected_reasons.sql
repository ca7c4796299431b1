-- Rejected rows grouped by source kind and reason, most frequent first (internal snapshot only). params: $limit
select coalesce(l.kind, '(nicht erkannt)') as kind, r.reason, count(*) as n, max(l.loaded_at) as last_seen
from rejected_row r left join load_log l using (load_id)
group by 1, 2
order by n desc, kind, reason
limit $limit
