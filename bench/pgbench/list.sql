-- Raw equivalent of GET /api/v1/files?prefix=<leaf dir>&recursive=true&limit=100[&cursor=...]:
-- a keyset page (limit+1 rows, as the service asks) by path range; half first pages, half the
-- follow-up page after the 100th file. Needs -D leaves=<leaf directories>.
\set leaf random(0, :leaves - 1)
\set second random(0, 1)
SELECT 'F', path, backend, physical_path, size, etag, mime_type, CAST(attrs AS text), version, created_at, modified_at
  FROM entries
 WHERE tenant_id = 'default' AND kind = 'F'
   AND path > CASE WHEN :second = 1 THEN bench_file_path(:leaf * 200 + 99) ELSE bench_leaf_dir(:leaf) || '/' END
   AND path < bench_leaf_dir(:leaf) || '0'
 ORDER BY path LIMIT 101;
