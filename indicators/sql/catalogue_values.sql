-- Values of a catalogue indicator as entered in the Maßnahmenkatalog. params: $indicator
select period_start, value, is_example from indicator_value where indicator_id = $indicator order by period_start
