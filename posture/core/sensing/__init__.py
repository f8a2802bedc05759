"""Sensing: when the live loop looks, and when the model's last finding still stands.

What lives here: the sampler that decides between a model reading and a restamped earlier finding
(the picture unchanged, the verdict agreed), and the burst policy that takes quick extra readings
to measure a sharp movement. It may import the shared core modules, `measure` and `monitor` (a
finding carries the monitor's verdict); never `stretches`, `reports` or `sim`.
"""
