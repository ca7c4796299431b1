-- Sources whose latest pull (`etl sync`, table sync_state) failed: an error after the last success.
select source, last_attempt, last_success, last_error
from sync_state
where last_error is not null and last_attempt <= $now and (last_success is null or last_success < last_attempt)
order by source
