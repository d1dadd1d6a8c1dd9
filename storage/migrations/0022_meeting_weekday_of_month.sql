-- A monthly series can meet on the nth weekday of the month ("first tuesday"), not only its date.

-- The iCalendar BYDAY of a monthly series that keeps to a weekday: '1TU' is the first Tuesday,
-- '-1FR' the last Friday (BYDAY=TU;BYSETPOS=1 in its calendar file). NULL: the same date each
-- month, as before. Added, not rebuilt: meetings' CHECK on `every` keeps its three values.
ALTER TABLE meetings ADD COLUMN by_day TEXT;
