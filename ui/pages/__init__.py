"""The pages of the window (Morning, Today, Accounts, Plan map, Insights, Team, Backups) and the
widgets only they draw (the morning's cards, the plan map). Each page only asks the planner and
refreshes from the Change it gets back."""
