"""The planner's features, each a part of :class:`organizer.app.planner.Planner` (``planner.steps``,
``planner.accounts``, ``planner.days``, ``planner.documents``, ``planner.team``).

A feature holds no state of its own: it reads and writes through the planner's workspace
(the store, the day, the mornings, the history), so every action of every feature is one
transaction, one ``Change`` and one history entry, whoever calls it.
"""
