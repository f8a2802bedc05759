"""Notify: desktop notifications with buttons, one per cause (D-Bus, desktop-notifier, terminal).

What lives here: the notifier the alerter uses, the freedesktop D-Bus server it talks to on Linux,
desktop-notifier elsewhere, and the note both send. It may import the core and `system`.
"""
