-- Charge points of the latest release of the Bundesnetzagentur register (stations no longer listed are left out).
select c.station_id, c.release_date, c.operator, c.address, c.postcode, c.city, c.commissioned_on, c.power_kw,
       c.charge_points, c.charger_type
from charging_station c
where c.release_date = (select max(release_date) from charging_station)
order by c.station_id
