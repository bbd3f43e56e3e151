-- The audit trail: a named instance (confiture.instances.audit) with its own tracking table in the same database.
CREATE SCHEMA audit;
CREATE TABLE audit.event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    happened_at timestamptz NOT NULL DEFAULT now(),
    what text NOT NULL
);
