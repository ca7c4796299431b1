-- Alerts of `etl check` (table alert), the latest $limit, newest first; with how many
-- of their notifications went out, how many are still due, and the latest error of a due one.
select a.alert_id, a.rule, a.subject, a.message, a.first_seen, a.last_seen, a.resolved_at,
       count(n.alert_id) filter (where n.sent_at is not null) as sent,
       count(n.alert_id) filter (where n.sent_at is null) as pending,
       arg_max(n.last_error, n.last_attempt) filter (where n.sent_at is null) as last_error
from (select * from alert order by alert_id desc limit $limit) a
left join alert_notification n using (alert_id)
group by all
order by a.alert_id desc
