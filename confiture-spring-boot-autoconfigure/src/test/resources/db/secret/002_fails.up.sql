CREATE TABLE tb_secret_marker_b (x int);
INSERT INTO tb_secret_marker_b SELECT 1 / 0;
