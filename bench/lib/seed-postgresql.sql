-- Seeds the Metastore schema (created by the service's Flyway migrations) with :n files of
-- tenant 'default', straight in SQL. Layout (same formula as bench/wrk/common.lua):
--   file i lives in leaf directory L = i / 200 at /tenant-TT/projects/pPP/dirDD with
--   TT = L % 8, PP = (L / 8) % 50, DD = L / 400; its name is file-IIIIIII.<ext>, ext = i % 5.
-- Every file gets a files row, an entries row (kind F) and a file_versions row (version 1);
-- every ancestor directory an entries row (kind D). attrs: owner user0..user999 (i % 1000),
-- project, tags (array), score (number).
-- Usage: psql -v ON_ERROR_STOP=1 -v n=100000 -f seed-postgresql.sql
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';
SET work_mem = '256MB';

-- Path helpers, also used by bench/pgbench/*.sql (simple SQL functions: inlined by the planner).
CREATE OR REPLACE FUNCTION bench_leaf_dir(leaf bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT '/tenant-' || lpad((leaf % 8)::text, 2, '0') || '/projects/p' || lpad(((leaf / 8) % 50)::text, 2, '0')
      || '/dir' || lpad((leaf / 400)::text, 2, '0')
$$;
CREATE OR REPLACE FUNCTION bench_file_path(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT bench_leaf_dir(i / 200) || '/file-' || lpad(i::text, 7, '0') || '.'
      || (ARRAY['pdf', 'csv', 'json', 'png', 'txt'])[i % 5 + 1]
$$;

BEGIN;
CREATE TEMP TABLE seed ON COMMIT DROP AS
SELECT i,
       md5('metastore-bench-file-' || i)::uuid AS id,
       bench_leaf_dir(i / 200) AS dir,
       bench_file_path(i) AS path,
       CASE WHEN i % 10 = 0 THEN 's3-archive' ELSE 's3-main' END AS backend,
       md5('metastore-bench-etag-' || i) AS etag,
       (i * 7919) % 10000000 AS size,
       (ARRAY['application/pdf', 'text/csv', 'application/json', 'image/png', 'text/plain'])[i % 5 + 1] AS mime,
       jsonb_build_object(
         'owner', 'user' || (i % 1000),
         'project', 'p' || lpad(((i / 200 / 8) % 50)::text, 2, '0'),
         'tags', jsonb_build_array('q' || (i % 4 + 1), CASE WHEN i % 3 = 0 THEN 'final' ELSE 'draft' END),
         'score', i % 100) AS attrs,
       date_trunc('milliseconds', now()) - (:n - i) * interval '1 second' AS ts
FROM generate_series(0::bigint, :n - 1) AS i;

INSERT INTO files (id, tenant_id, created_at) SELECT id, 'default', ts FROM seed ORDER BY i;

INSERT INTO entries (tenant_id, path, parent, kind)
SELECT DISTINCT 'default', a.path, a.parent, 'D'
FROM generate_series(0::bigint, (:n - 1) / 200) AS leaf,
     LATERAL (SELECT '/tenant-' || lpad((leaf % 8)::text, 2, '0') AS t,
                     '/projects/p' || lpad(((leaf / 8) % 50)::text, 2, '0') AS p) AS s,
     LATERAL (VALUES (s.t, '/'),
                     (s.t || '/projects', s.t),
                     (s.t || s.p, s.t || '/projects'),
                     (bench_leaf_dir(leaf), s.t || s.p)) AS a(path, parent);

INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path, size, etag,
                     mime_type, attrs, version, created_at, modified_at)
SELECT 'default', path, dir, 'F', id, backend,
       'bucket/' || substr(etag, 1, 2) || '/' || substr(etag, 3, 2) || '/' || etag,
       size, etag, mime, attrs, 1, ts, ts
FROM seed ORDER BY i;

INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size, etag,
                           mime_type, attrs, modified_at, source)
SELECT id, 1, 'default', backend,
       'bucket/' || substr(etag, 1, 2) || '/' || substr(etag, 3, 2) || '/' || etag,
       size, etag, mime, attrs, ts, 'put'
FROM seed ORDER BY i;
COMMIT;

VACUUM ANALYZE files;
VACUUM ANALYZE entries;
VACUUM ANALYZE file_versions;
