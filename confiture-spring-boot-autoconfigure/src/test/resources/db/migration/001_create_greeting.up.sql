-- confiture: risk=low, impact=safe
CREATE TABLE tb_greeting (
    id UUID NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    pk_greeting BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text TEXT NOT NULL
);
INSERT INTO tb_greeting (text) VALUES ('hello');
