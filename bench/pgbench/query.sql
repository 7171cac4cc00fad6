-- Raw equivalent of POST /api/v1/query {"attrs":{"owner":"userK"},"limit":100}: jsonb @> with the
-- service's range and LIMIT limit+1 (the entries_attrs GIN index serves @>).
\set o random(0, 999)
SELECT path, backend, physical_path, size, etag, mime_type, CAST(attrs AS text), version, created_at, modified_at
  FROM entries
 WHERE tenant_id = 'default' AND attrs @> CAST(CAST('{"owner":"user' || :o || '"}' AS text) AS jsonb)
   AND path > '/' AND path < '0'
 ORDER BY path LIMIT 101;
