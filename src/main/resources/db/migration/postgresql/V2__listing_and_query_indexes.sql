-- Direct children of a directory, in path order (non-recursive listing).
CREATE INDEX entries_parent ON entries (tenant_id, parent, path);
-- One live path per file.
CREATE UNIQUE INDEX entries_file_id ON entries (file_id);
-- Attribute containment (attrs @> ...).
CREATE INDEX entries_attrs ON entries USING gin (attrs jsonb_path_ops);
-- Export and per-tenant maintenance.
CREATE INDEX file_versions_tenant ON file_versions (tenant_id);
CREATE INDEX files_tenant ON files (tenant_id);
