"""Monitor: from readings to events (timers, hysteresis, alerts) and the state a surface shows.

What lives here: the Monitor, a pure step `update(reading) -> events`, composed of one part per
concern (presence, view_drift, verdicts, neck, alarms), and what it speaks in: the event kinds,
the one alert table (each alert's identity written once), events, commands a running monitor
applies, and the state at a glance. It may import the shared core modules and `measure`
(the calibrated view check); never `sensing`, `stretches`, `reports` or `sim`.
"""
