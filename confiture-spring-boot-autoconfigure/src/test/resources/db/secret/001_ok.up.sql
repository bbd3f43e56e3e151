-- confiture: risk=low
CREATE TABLE tb_secret_marker_a (x int);
