DROP INDEX files_tenant;
DROP INDEX file_versions_tenant;
DROP INDEX entries_attrs;
DROP INDEX entries_file_id;
DROP INDEX entries_parent;
