-- MockForge schema, version 1: workspaces, hashed API keys, stubs, OpenAPI documents,
-- files and scenario state. Applied once, in a transaction, by src/store/migrate.ts.
-- json (not jsonb) keeps key order, so stub bodies come back exactly as written.
CREATE TABLE workspaces (
  name        text PRIMARY KEY,
  created_at  bigint NOT NULL,
  settings    json NOT NULL
);

-- Only HMAC-SHA256(admin secret, key) is stored, never the key.
CREATE TABLE api_keys (
  hash        text PRIMARY KEY,
  id          text NOT NULL,
  workspace   text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  label       text,
  created_at  bigint NOT NULL,
  UNIQUE (workspace, id)
);

-- position keeps insertion order (an upsert keeps the stub's place, like the in-memory store).
CREATE TABLE stubs (
  workspace   text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  id          text NOT NULL,
  position    bigserial NOT NULL,
  definition  json NOT NULL,
  PRIMARY KEY (workspace, id)
);

CREATE TABLE openapi_documents (
  workspace         text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  id                text NOT NULL,
  position          bigserial NOT NULL,
  name              text NOT NULL,
  source            text NOT NULL,
  base_path         text NOT NULL,
  validate_requests boolean NOT NULL,
  created_at        bigint NOT NULL,
  PRIMARY KEY (workspace, id)
);

CREATE TABLE files (
  workspace     text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  name          text NOT NULL,
  content_type  text NOT NULL,
  data          bytea NOT NULL,
  created_at    bigint NOT NULL,
  PRIMARY KEY (workspace, name)
);

CREATE TABLE scenario_states (
  workspace   text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
  scenario    text NOT NULL,
  state       text NOT NULL,
  PRIMARY KEY (workspace, scenario)
);
