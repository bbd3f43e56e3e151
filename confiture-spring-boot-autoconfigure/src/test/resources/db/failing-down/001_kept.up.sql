CREATE TABLE tb_kept (x int);
