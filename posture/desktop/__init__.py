"""The desktop surface: the tray icon and the windows a person sees (the only place Qt is used)."""
