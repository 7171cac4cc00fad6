-- Raw equivalent of POST /api/v1/batch/put with 1000 new files: one transaction of set-based
-- inserts (files, the new directory, 1000 entries, 1000 versions). Needs -D leaves=...
\set leaf random(0, :leaves - 1)
\set r random(0, 4000000000000000)
BEGIN;
INSERT INTO files (id, tenant_id, created_at)
  SELECT md5('pgb-batch-' || :client_id || '-' || :r || '-' || g)::uuid, 'default', now() FROM generate_series(1, 1000) AS g;
INSERT INTO entries (tenant_id, path, parent, kind)
  VALUES ('default', bench_leaf_dir(:leaf) || '/pgb-batch-' || :client_id || '-' || :r, bench_leaf_dir(:leaf), 'D')
  ON CONFLICT (tenant_id, path) DO NOTHING;
INSERT INTO entries (tenant_id, path, parent, kind, file_id, backend, physical_path, size, etag, mime_type,
                     attrs, version, created_at, modified_at)
  SELECT 'default', bench_leaf_dir(:leaf) || '/pgb-batch-' || :client_id || '-' || :r || '/f-' || lpad(g::text, 4, '0') || '.json',
         bench_leaf_dir(:leaf) || '/pgb-batch-' || :client_id || '-' || :r, 'F',
         md5('pgb-batch-' || :client_id || '-' || :r || '-' || g)::uuid, 's3-main', 'bucket/ab/cd/abcdef0123456789', g,
         'abcdef0123456789abcdef0123456789', 'application/json',
         jsonb_build_object('owner', 'user' || (g % 1000), 'project', 'p01', 'tags', jsonb_build_array('q1', 'draft'), 'score', g % 100),
         1, now(), now()
  FROM generate_series(1, 1000) AS g;
INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size, etag, mime_type, attrs,
                           modified_at, source)
  SELECT md5('pgb-batch-' || :client_id || '-' || :r || '-' || g)::uuid, 1, 'default', 's3-main', 'bucket/ab/cd/abcdef0123456789', g,
         'abcdef0123456789abcdef0123456789', 'application/json',
         jsonb_build_object('owner', 'user' || (g % 1000), 'project', 'p01', 'tags', jsonb_build_array('q1', 'draft'), 'score', g % 100),
         now(), 'put'
  FROM generate_series(1, 1000) AS g;
END;
