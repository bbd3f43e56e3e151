DROP TABLE tb_order;
