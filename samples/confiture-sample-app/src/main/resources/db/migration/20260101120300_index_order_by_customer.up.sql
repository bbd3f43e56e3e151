-- confiture: risk=medium, impact=safe, duration=5m, lock-timeout=5s
-- Built concurrently so writes to tb_order continue; Confiture runs this file without a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_order_fk_customer ON tb_order (fk_customer);
