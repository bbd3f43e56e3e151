CREATE TABLE tb_note (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), body TEXT);
