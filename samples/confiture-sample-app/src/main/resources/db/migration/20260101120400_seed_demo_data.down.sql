DELETE FROM tb_order WHERE fk_customer IN (SELECT pk_customer FROM tb_customer WHERE identifier IN ('ada', 'grace'));
DELETE FROM tb_customer WHERE identifier IN ('ada', 'grace');
