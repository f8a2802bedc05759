"""System: the operating system's services (paths, safe files, the instance, commands, login).

What lives here: folders from platformdirs, private atomic files and bounded reads, the one
running instance and its command inbox, autostart, screen lock, power, the local time zone, the
user's stretch catalogue file, a progress bar and the closeable base. It may import the core;
no other adapter package (they build on it).
"""
