"""The application layer: every user action as one operation (planner), its history, team mode."""
