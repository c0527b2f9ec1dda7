"""Where the data lives: models, migrations, opening SQLite or a server, backups, the kept morning."""
