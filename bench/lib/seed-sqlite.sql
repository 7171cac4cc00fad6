-- Seeds the Metastore SQLite schema (created by the service's Flyway migrations) with @N@
-- files of tenant 'default' in one transaction; same layout and attrs as seed-postgresql.sql
-- (see there). UUIDs are random lowercase text, times epoch milliseconds.
-- Usage: sed 's/@N@/100000/g' seed-sqlite.sql | sqlite3 file.db
.bail on
PRAGMA foreign_keys = ON;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA temp_store = MEMORY;
BEGIN IMMEDIATE;
CREATE TEMP TABLE seed AS
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < @N@ - 1),
     raw AS (SELECT i, lower(hex(randomblob(16))) AS h, lower(hex(randomblob(16))) AS etag,
                    '/tenant-' || printf('%02d', (i / 200) % 8) || '/projects/p'
                      || printf('%02d', (i / 200 / 8) % 50) || '/dir' || printf('%02d', i / 200 / 400) AS dir
             FROM seq)
SELECT i,
       substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-a' || substr(h, 18, 3)
         || '-' || substr(h, 21, 12) AS id,
       dir,
       dir || '/file-' || printf('%07d', i) || '.'
         || CASE i % 5 WHEN 0 THEN 'pdf' WHEN 1 THEN 'csv' WHEN 2 THEN 'json' WHEN 3 THEN 'png' ELSE 'txt' END AS path,
       CASE WHEN i % 10 = 0 THEN 's3-archive' ELSE 's3-main' END AS backend,
       etag,
       (i * 7919) % 10000000 AS size,
       CASE i % 5 WHEN 0 THEN 'application/pdf' WHEN 1 THEN 'text/csv' WHEN 2 THEN 'application/json'
                  WHEN 3 THEN 'image/png' ELSE 'text/plain' END AS mime,
       json_object('owner', 'user' || (i % 1000),
                   'project', 'p' || printf('%02d', (i / 200 / 8) % 50),
                   'tags', json_array('q' || (i % 4 + 1), CASE WHEN i % 3 = 0 THEN 'final' ELSE 'draft' END),
                   'score', i % 100) AS attrs,
       CAST(strftime('%s', 'now') AS INTEGER) * 1000 - (@N@ - i) * 1000 AS ts
FROM raw;

INSERT INTO files (id, tenant_id, created_at) SELECT id, 'default', ts FROM seed ORDER BY i;

WITH RECURSIVE leaf(l) AS (SELECT 0 UNION ALL SELECT l + 1 FROM leaf WHERE l < (@N@ - 1) / 200),
     s AS (SELECT l, '/tenant-' || printf('%02d', l % 8) AS t, '/projects/p' || printf('%02d', (l / 8) % 50) AS p,
                  '/dir' || printf('%02d', l / 400) AS d FROM leaf)
INSERT INTO entries (tenant_id, path, parent, kind)
SELECT DISTINCT 'default', path, parent, 'D' FROM (
  SELECT t AS path, '/' AS parent FROM s
  UNION ALL SELECT t || '/projects', t FROM s
  UNION ALL SELECT t || p, t || '/projects' FROM s
  UNION ALL SELECT t || p || d, t || p FROM s);

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
DROP TABLE seed;
PRAGMA wal_checkpoint(TRUNCATE);
