-- Per table the map's chart reads one station from, and per station: the first and last row number (DuckDB's rowid)
-- of the station's rows. `etl publish` writes this into every snapshot (table station_rows), after the tables it
-- describes and after which they are not changed: indicators/stations.py (`row_range`) adds `rowid between` them to
-- a station's query, which then reads the station's row groups only (a text's minimum and maximum per row group keep
-- only its first bytes, so `station_id = 'ecocounter:…'` alone reads those of every Eco-Counter station).
select 'observation' as table_name, station_id, min(rowid) as first_row, max(rowid) as last_row
from observation group by station_id
union all
select 'observation_detail', station_id, min(rowid), max(rowid) from observation_detail group by station_id
union all
select 'observation_hourly', station_id, min(rowid), max(rowid) from observation_hourly group by station_id
union all
select 'observation_detail_hourly', station_id, min(rowid), max(rowid) from observation_detail_hourly group by station_id
union all
select 'observation_local_daily', station_id, min(rowid), max(rowid) from observation_local_daily group by station_id
union all
select 'observation_detail_local_daily', station_id, min(rowid), max(rowid) from observation_detail_local_daily
group by station_id
order by table_name, station_id
