ALTER TABLE tb_widget ADD COLUMN size int;
