CREATE TABLE tb_other (x int);
