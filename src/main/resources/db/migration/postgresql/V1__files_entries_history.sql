-- Every key starts with the tenant. Paths sort by their UTF-8 bytes (COLLATE "C"), as on SQLite.
CREATE TABLE files (
    id         uuid PRIMARY KEY,
    tenant_id  text COLLATE "C" NOT NULL,
    created_at timestamptz NOT NULL
);

-- The live namespace: files (kind F) and implicit directories (kind D) share one key,
-- so a path is a file or a directory, never both.
CREATE TABLE entries (
    tenant_id     text COLLATE "C" NOT NULL,
    path          text COLLATE "C" NOT NULL,
    parent        text COLLATE "C" NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('F', 'D')),
    file_id       uuid REFERENCES files (id),
    backend       text,
    physical_path text,
    size          bigint CHECK (size >= 0),
    etag          text,
    mime_type     text,
    attrs         jsonb,
    version       bigint,
    created_at    timestamptz,
    modified_at   timestamptz,
    PRIMARY KEY (tenant_id, path),
    CHECK ((kind = 'D' AND file_id IS NULL AND attrs IS NULL)
        OR (kind = 'F' AND file_id IS NOT NULL AND backend IS NOT NULL AND physical_path IS NOT NULL
            AND size IS NOT NULL AND attrs IS NOT NULL AND version IS NOT NULL
            AND created_at IS NOT NULL AND modified_at IS NOT NULL))
);

-- Every version of every file, the current one included.
CREATE TABLE file_versions (
    file_id       uuid NOT NULL REFERENCES files (id),
    version       bigint NOT NULL,
    tenant_id     text COLLATE "C" NOT NULL,
    backend       text NOT NULL,
    physical_path text NOT NULL,
    size          bigint NOT NULL CHECK (size >= 0),
    etag          text,
    mime_type     text,
    attrs         jsonb NOT NULL,
    modified_at   timestamptz NOT NULL,
    source        text NOT NULL CHECK (source IN ('put', 'rollback')),
    PRIMARY KEY (file_id, version)
);

-- Which file a deleted path held, so its history stays readable and re-creation continues it.
CREATE TABLE tombstones (
    tenant_id  text COLLATE "C" NOT NULL,
    path       text COLLATE "C" NOT NULL,
    file_id    uuid NOT NULL REFERENCES files (id),
    deleted_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, path)
);
