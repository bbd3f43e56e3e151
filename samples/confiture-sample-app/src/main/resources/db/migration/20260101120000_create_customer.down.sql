DROP TABLE tb_customer;
