-- confiture: risk=low, impact=safe, duration=1s
-- Customers, in the Trinity pattern: id (external UUID), pk_customer (internal identity), identifier (readable key).
CREATE TABLE tb_customer (
    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    pk_customer BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
