"""Report pages: the HTML report and its inline SVG charts, from the core's report views.

It may import the core and `system`; nothing here reads the history itself.
"""
