-- confiture: risk=medium, duration=30s
ALTER TABLE tb_greeting ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
