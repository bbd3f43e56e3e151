CREATE TABLE tb_order (
    pk_order BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    fk_customer BIGINT NOT NULL REFERENCES tb_customer (pk_customer),
    total NUMERIC(10, 2) NOT NULL DEFAULT 0
);
CREATE INDEX idx_order_customer ON tb_order (fk_customer);
CREATE VIEW v_order AS
SELECT o.id, c.email, o.total FROM tb_order o JOIN tb_customer c ON c.pk_customer = o.fk_customer;
