DROP TABLE tb_no_such_table;
