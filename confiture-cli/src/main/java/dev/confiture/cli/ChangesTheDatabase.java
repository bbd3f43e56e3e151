package dev.confiture.cli;

/**
 * A command that changes the database (applies, reverts, records): it runs only against a database named on purpose
 * ({@code --url}/{@code -d}, {@code CONFITURE_URL}, {@code CONFITURE_DATABASE_URL}, an environment file), never one
 * that only the ambient {@code DATABASE_URL} names, which many platforms set for the application itself.
 */
interface ChangesTheDatabase {
}
