-- Raw equivalent of GET /api/v1/files/<path>: primary-key lookup of entries by (tenant_id, path),
-- the same columns the service selects. Needs -D n=<seeded files>.
\set i random(0, :n - 1)
SELECT path, backend, physical_path, size, etag, mime_type, CAST(attrs AS text), version, created_at, modified_at
  FROM entries WHERE tenant_id = 'default' AND path = bench_file_path(:i) AND kind = 'F';
