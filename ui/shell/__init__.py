"""The shell: how the app starts (launcher, app, the first frame), its main window and what lives
beside it (the page registry, file exports, the team server connection, reminders, notifications)."""
