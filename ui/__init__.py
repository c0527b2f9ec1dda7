"""Daymap's desktop app: Qt models, views and windows over :mod:`organizer`.

The models here are thin adapters: the domain owns the data, and every write goes
through :class:`ui.qt_planner.QtPlanner` as one operation with one "what changed" result.
"""
