DROP TABLE tb_greeting;
