-- Raw equivalent of PUT replace of an existing file: bump the entries row, insert the new version.
-- Needs -D n=<seeded files>.
\set i random(0, :n - 1)
\set s random(0, 9999999)
BEGIN;
UPDATE entries SET backend = 's3-main', physical_path = 'bucket/ab/cd/abcdef0123456789', size = :s,
       etag = 'abcdef0123456789abcdef0123456789', mime_type = 'application/json',
       attrs = CAST(CAST('{"owner":"user1","project":"p01","tags":["q1","draft"],"score":7}' AS text) AS jsonb),
       version = version + 1, modified_at = now()
 WHERE tenant_id = 'default' AND path = bench_file_path(:i)
 RETURNING file_id AS fid, version AS ver
\gset
INSERT INTO file_versions (file_id, version, tenant_id, backend, physical_path, size, etag, mime_type, attrs,
                           modified_at, source)
  VALUES (CAST(:fid AS uuid), :ver, 'default', 's3-main', 'bucket/ab/cd/abcdef0123456789', :s,
          'abcdef0123456789abcdef0123456789', 'application/json',
          CAST(CAST('{"owner":"user1","project":"p01","tags":["q1","draft"],"score":7}' AS text) AS jsonb), now(), 'put');
END;
