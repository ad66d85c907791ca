"""The data layer: finding the data, reading and checking its files, lint, ``validate``'s
report, and the cache. Imports ``core`` only. (Not called ``data``: the wheel carries the
data files themselves as ``backmuscles/data/``.)"""
