-- Raw equivalent of PUT create: in one transaction the inserts the service does for a new file
-- (files row, ancestor directories ON CONFLICT DO NOTHING, the entries row, version 1).
-- Paths are .../pgb-<client>-<random>.json in existing leaf directories. Needs -D n=..., -D leaves=...
\set leaf random(0, :leaves - 1)
\set r random(0, 4000000000000000)
BEGIN;
INSERT INTO files (id, tenant_id, created_at)
  VALUES (md5('pgb-' || :client_id || '-' || :r)::uuid, 'default', now());
INSERT INTO entries (tenant_id, path, parent, kind)
  SELECT 'default', a.path, a.parent, 'D'
  FROM (SELECT '/' || split_part(d, '/', 2) AS t, split_part(d, '/', 4) AS p, d FROM (SELECT bench_leaf_dir(:leaf) AS d) AS x) AS s,
       LATERAL (VALUES (s.t, '/'), (s.t || '/projects', s.t), (s.t || '/projects/' || s.p, s.t || '/projects'),
                       (s.d, s.t || '/projects/' || s.p)) AS a(path, parent)
  ON CONFLICT (tenant_id, path) DO NOTHING;
INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path, size, etag, mime_type,
                     attrs, version, created_at, modified_at)
  VALUES ('default', bench_leaf_dir(:leaf) || '/pgb-' || :client_id || '-' || :r || '.json', bench_leaf_dir(:leaf), 'F',
          md5('pgb-' || :client_id || '-' || :r)::uuid, 's3-main', 'bucket/ab/cd/abcdef0123456789', 12345,
          'abcdef0123456789abcdef0123456789', 'application/json',
          CAST(CAST('{"owner":"user1","project":"p01","tags":["q1","draft"],"score":7}' AS text) AS jsonb), 1, now(), now());
INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size, etag, mime_type, attrs,
                           modified_at, source)
  VALUES (md5('pgb-' || :client_id || '-' || :r)::uuid, 1, 'default', 's3-main', 'bucket/ab/cd/abcdef0123456789', 12345,
          'abcdef0123456789abcdef0123456789', 'application/json',
          CAST(CAST('{"owner":"user1","project":"p01","tags":["q1","draft"],"score":7}' AS text) AS jsonb), now(), 'put');
END;
