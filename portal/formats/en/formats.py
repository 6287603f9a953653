"""Canadian English short formats: the month in letters, so that a date never reads as another one in French
(Django's default 07/04/2026 is July 4 in the United States and 7 April in Québec)."""

SHORT_DATE_FORMAT = "N j, Y"
SHORT_DATETIME_FORMAT = "N j, Y, P"
