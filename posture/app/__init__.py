"""The wiring: builds real adapters, runs the live loop, and connects what listens to its events."""
