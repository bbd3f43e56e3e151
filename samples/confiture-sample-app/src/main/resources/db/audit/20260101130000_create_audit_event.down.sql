DROP TABLE audit.event;
DROP SCHEMA audit;
