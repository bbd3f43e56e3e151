-- confiture: risk=low, impact=safe
-- The read model exposes external ids only.
CREATE VIEW v_customer_order AS
SELECT o.id,
       c.id AS customer_id,
       c.identifier AS customer,
       o.total_cents,
       o.placed_at
FROM tb_order o
JOIN tb_customer c ON c.pk_customer = o.fk_customer;
