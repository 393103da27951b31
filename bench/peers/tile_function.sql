-- The events tile as a Martin function source: the same tile sitmap serves at
-- /tiles/events/{z}/{x}/{y}.mvt. Layer `events`, extent 4096. Below zoom 12 the events of a
-- tile are grouped on a 16 x 16 grid of cells, one feature per non-empty cell (a lone event
-- keeps its properties; a cluster carries point_count, summed fatalities and its most
-- common type); from zoom 12 every event is its own point, with a 64-unit buffer. Martin
-- passes the URL's query parameters as JSON: `datetime` is an OGC interval of dates
-- (start/end, either end may be '..').
CREATE OR REPLACE FUNCTION events_tile(z integer, x integer, y integer, query_params json)
RETURNS bytea AS $$
DECLARE
  env geometry := ST_TileEnvelope(z, x, y);
  buffered geometry := ST_TileEnvelope(z, x, y, margin => 64.0 / 4096);
  cell double precision := (ST_XMax(ST_TileEnvelope(z, x, y)) - ST_XMin(ST_TileEnvelope(z, x, y))) / 16;
  dt text := query_params ->> 'datetime';
  d0 date := '-infinity';
  d1 date := 'infinity';
  tile bytea;
BEGIN
  IF dt IS NOT NULL AND dt <> '' THEN
    d0 := COALESCE(NULLIF(NULLIF(split_part(dt, '/', 1), '..'), '')::date, '-infinity');
    d1 := COALESCE(NULLIF(NULLIF(split_part(dt, '/', 2), '..'), '')::date,
                   NULLIF(split_part(dt, '/', 1), '..')::date, 'infinity');
  END IF;
  IF z < 12 THEN
    SELECT ST_AsMVT(t, 'events', 4096, 'geom') INTO tile FROM (
      SELECT ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857), env, 4096, 0, false) AS geom,
             s.id, c.n > 1 AS cluster, c.n AS point_count, c.fatalities,
             COALESCE(s.event_type, c.event_type) AS event_type, s.sub_event_type,
             s.event_date::text AS event_date, s.actor1, s.actor2, s.location, s.country_code,
             s.geo_precision, s.source, left(s.notes, 400) AS notes
      FROM (
        SELECT count(*) AS n, avg(ST_X(e.geom_3857)) AS mx, avg(ST_Y(e.geom_3857)) AS my,
               sum(e.fatalities) AS fatalities,
               mode() WITHIN GROUP (ORDER BY e.event_type) AS event_type, min(e.id) AS id
        FROM events e
        WHERE e.geom_3857 && env AND e.event_date BETWEEN d0 AND d1
          -- half-open, as sitmap's tiles: a point on an edge belongs to one tile only. The
          -- columns are found from the longitude (tile edges at low zoom fall on round
          -- longitudes, where events rounded to 5 decimals sit), as sitmap finds them.
          AND ST_X(e.geom) >= x * 360.0 / 2 ^ z - 180 AND ST_X(e.geom) < (x + 1) * 360.0 / 2 ^ z - 180
          AND ST_Y(e.geom_3857) > ST_YMin(env) AND ST_Y(e.geom_3857) <= ST_YMax(env)
        GROUP BY floor(((ST_X(e.geom) + 180) / 360 * 2 ^ z - x) * 16),
                 floor((ST_YMax(env) - ST_Y(e.geom_3857)) / cell)
      ) c
      LEFT JOIN events s ON c.n = 1 AND s.id = c.id
    ) t;
  ELSE
    SELECT ST_AsMVT(t, 'events', 4096, 'geom') INTO tile FROM (
      SELECT ST_AsMVTGeom(e.geom_3857, env, 4096, 64, true) AS geom,
             e.id, false AS cluster, 1 AS point_count, e.fatalities, e.event_type,
             e.sub_event_type, e.event_date::text AS event_date, e.actor1, e.actor2,
             e.location, e.country_code, e.geo_precision, e.source, left(e.notes, 400) AS notes
      FROM events e
      WHERE e.geom_3857 && buffered AND e.event_date BETWEEN d0 AND d1
        AND ST_X(e.geom_3857) >= ST_XMin(buffered) AND ST_X(e.geom_3857) < ST_XMax(buffered)
        AND ST_Y(e.geom_3857) > ST_YMin(buffered) AND ST_Y(e.geom_3857) <= ST_YMax(buffered)
    ) t;
  END IF;
  RETURN tile;
END
$$ LANGUAGE plpgsql STABLE PARALLEL SAFE;
