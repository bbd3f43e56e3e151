-- confiture: duration=2s
SELECT pg_sleep(1.5);
CREATE TABLE tb_billing_done (x int);
