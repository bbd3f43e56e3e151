-- confiture: risk=low, impact=safe
INSERT INTO tb_customer (identifier, email) VALUES
    ('ada', 'ada@example.com'),
    ('grace', 'grace@example.com');

INSERT INTO tb_order (fk_customer, total_cents)
SELECT pk_customer, 4200 FROM tb_customer WHERE identifier = 'ada';
