"""The app's database: the engine and migrations, stored uploads, and an upload read then stored."""
