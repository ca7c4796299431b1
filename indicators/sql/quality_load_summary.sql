-- Last load per source kind: time, files, rows in/loaded/rejected over all its files, status of the latest file.
select coalesce(kind, '(nicht erkannt)') as kind, max(loaded_at) as last_loaded, count(*) as files,
       cast(sum(rows_in) as bigint) as rows_in, cast(sum(rows_loaded) as bigint) as rows_loaded,
       cast(sum(rows_rejected) as bigint) as rows_rejected,
       arg_max(status, loaded_at) as last_status, bool_or(is_demo) as is_demo
from load_log
group by 1
order by 1
