CREATE TABLE book (id bigint PRIMARY KEY, title text NOT NULL);
INSERT INTO book VALUES (1, 'Le Petit Prince');
