CREATE TABLE book (
    id BIGINT PRIMARY KEY,
    title TEXT NOT NULL
);
INSERT INTO book (id, title) VALUES (1, 'Le Petit Prince');
