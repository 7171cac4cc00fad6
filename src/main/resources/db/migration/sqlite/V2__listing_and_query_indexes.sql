CREATE INDEX entries_parent ON entries (tenant_id, parent, path);
CREATE UNIQUE INDEX entries_file_id ON entries (file_id);
CREATE INDEX file_versions_tenant ON file_versions (tenant_id);
CREATE INDEX files_tenant ON files (tenant_id);
