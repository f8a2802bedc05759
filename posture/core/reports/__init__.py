"""Reports: the stored history summarised as days and periods, rollups, advice and views.

What lives here: the history as read back (columns of samples, events, stretches), a day's figures
and how its alerts were answered, a period of days, the daily rollups kept after samples are
dropped, the advice a report gives and the plain views the commands and the HTML page format. It may
import the shared core modules and `monitor` (the alert table names what is counted); never
`measure`, `stretches` or `sim`: a report reads what was stored, not how it was measured.
"""
