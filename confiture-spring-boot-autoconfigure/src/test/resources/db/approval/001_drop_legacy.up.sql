-- confiture: approval=required
DROP TABLE IF EXISTS tb_legacy;
