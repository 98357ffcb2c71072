-- A device registered in city.json stands where the configuration puts it: a position it reports itself
-- (SenML lat/lon, TTS locations, NGSI-LD location) is kept here as telemetry and never moves it, so a faulty
-- or forged GPS fix cannot relocate a station on the map. Devices that registered themselves are placed by
-- their reports (lat/lon/alt/location_time, as before); reported_* holds every device's latest own fix.
ALTER TABLE devices
  ADD COLUMN reported_lat  double precision,
  ADD COLUMN reported_lon  double precision,
  ADD COLUMN reported_alt  double precision,
  ADD COLUMN reported_time timestamptz;

UPDATE devices
   SET reported_lat = lat, reported_lon = lon, reported_alt = alt, reported_time = location_time
 WHERE location_time IS NOT NULL AND NOT from_config;
