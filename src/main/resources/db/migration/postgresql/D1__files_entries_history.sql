DROP TABLE tombstones;
DROP TABLE file_versions;
DROP TABLE entries;
DROP TABLE files;
