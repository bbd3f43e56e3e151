CREATE TABLE tb_a (x int);

CREATE TABLE tb_b (y int REFERENCES nowhere (x));
