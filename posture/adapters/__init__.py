"""Adapters: each hides one library or OS service and turns its failures into the project's errors.

They import the core and nothing above it.
"""
