-- Files rejected as a whole (nothing loaded), newest first; message is NULL in the public snapshot.
select loaded_at, coalesce(kind, '(nicht erkannt)') as kind, file_name, message
from load_log
where status = 'rejected'
order by loaded_at desc
limit 50
