"""Between files and the store: the formats' plain records written into the store (a Daymap document merged,
a CRM or contacts table planned and applied, the sample territory) and the store read out into the formats'
records (the export, the .ics of the dated steps, the spreadsheets, the weekly report).

``organizer.formats`` reads and writes the files and knows nothing of the store; this package is the only
place the two meet, and the planner's features (``app/features/documents.py``) are its only callers among
the front ends' doors.
"""
