-- confiture: duration=5s
SELECT pg_sleep(5);
CREATE TABLE tb_slow_done (x int);
