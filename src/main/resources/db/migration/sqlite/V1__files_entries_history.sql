-- Same logical model as db/migration/postgresql: uuid -> TEXT, timestamptz -> INTEGER (epoch ms),
-- jsonb -> TEXT (JSON). TEXT compares with BINARY collation: by UTF-8 bytes, as PostgreSQL's "C".
CREATE TABLE files (
    id         TEXT PRIMARY KEY NOT NULL,
    tenant_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE entries (
    tenant_id     TEXT NOT NULL,
    path          TEXT NOT NULL,
    parent        TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('F', 'D')),
    file_id       TEXT REFERENCES files (id),
    backend       TEXT,
    physical_path TEXT,
    size          INTEGER CHECK (size >= 0),
    etag          TEXT,
    mime_type     TEXT,
    attrs         TEXT CHECK (attrs IS NULL OR json_valid(attrs)),
    version       INTEGER,
    created_at    INTEGER,
    modified_at   INTEGER,
    PRIMARY KEY (tenant_id, path),
    CHECK ((kind = 'D' AND file_id IS NULL AND attrs IS NULL)
        OR (kind = 'F' AND file_id IS NOT NULL AND backend IS NOT NULL AND physical_path IS NOT NULL
            AND size IS NOT NULL AND attrs IS NOT NULL AND version IS NOT NULL
            AND created_at IS NOT NULL AND modified_at IS NOT NULL))
);

CREATE TABLE file_versions (
    file_id       TEXT NOT NULL REFERENCES files (id),
    version       INTEGER NOT NULL,
    tenant_id     TEXT NOT NULL,
    backend       TEXT NOT NULL,
    physical_path TEXT NOT NULL,
    size          INTEGER NOT NULL CHECK (size >= 0),
    etag          TEXT,
    mime_type     TEXT,
    attrs         TEXT NOT NULL CHECK (json_valid(attrs)),
    modified_at   INTEGER NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('put', 'rollback')),
    PRIMARY KEY (file_id, version)
);

CREATE TABLE tombstones (
    tenant_id  TEXT NOT NULL,
    path       TEXT NOT NULL,
    file_id    TEXT NOT NULL REFERENCES files (id),
    deleted_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, path)
);
