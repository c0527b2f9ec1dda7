"""The vocabulary: the domain, its limits and validators, errors, recurrence rules. No SQLAlchemy."""
