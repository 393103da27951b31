-- The benchmark events in PostGIS, as a competent user would hold them for Martin and
-- pygeoapi: one row per event, a point in WGS 84 for the features API, the same point in
-- Web Mercator for tiles, GiST indexes on both, a B-tree on the date, the table clustered
-- on the Mercator index and analysed. Run by bench/peers.sh as `psql -f load.sql < events.csv`.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS events_csv;
DROP TABLE IF EXISTS events;
CREATE UNLOGGED TABLE events_csv (
  id text, lon double precision, lat double precision, event_date date, time_precision smallint,
  event_type text, sub_event_type text, actor1 text, actor2 text, fatalities integer,
  location text, admin1 text, country text, country_code text, geo_precision smallint,
  geonameid bigint, source text, source_url text, report_id text, notes text
);
\copy events_csv FROM pstdin WITH (FORMAT csv, HEADER true)
CREATE TABLE events AS
SELECT id, event_date, time_precision, event_type, sub_event_type, actor1, actor2, fatalities,
       location, admin1, country, country_code, geo_precision, geonameid, source, source_url,
       report_id, notes,
       ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS geom,
       ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3857)::geometry(Point, 3857) AS geom_3857
FROM events_csv;
DROP TABLE events_csv;
ALTER TABLE events ADD PRIMARY KEY (id);
CREATE INDEX events_geom ON events USING gist (geom);
CREATE INDEX events_geom_3857 ON events USING gist (geom_3857);
CREATE INDEX events_date ON events (event_date);
CLUSTER events USING events_geom_3857;
VACUUM ANALYZE events;
