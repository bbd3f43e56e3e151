CREATE VIEW v_order AS
SELECT o.id, c.email, o.total FROM tb_order o JOIN tb_customer c ON c.pk_customer = o.fk_customer;
