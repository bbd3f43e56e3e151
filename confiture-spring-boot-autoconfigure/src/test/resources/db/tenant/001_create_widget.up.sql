CREATE TABLE tb_widget (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), name TEXT);
