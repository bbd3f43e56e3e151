-- confiture: risk=low, impact=safe, duration=1s
CREATE TABLE tb_order (
    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    pk_order BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fk_customer BIGINT NOT NULL REFERENCES tb_customer (pk_customer),
    total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
    placed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

COMMENT ON TABLE tb_order IS 'Orders; fk_customer points at tb_customer.pk_customer';
