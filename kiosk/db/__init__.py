"""Local SQLite store: models, engine and pragmas, migrations, services."""
