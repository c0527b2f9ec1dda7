"""Files in and out: the exchange format, CRM CSVs and vCards, calendars, CSVs, briefs, reports, the sample."""
