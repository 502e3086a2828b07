"""Checking: each record on the exact path, and the rules across records.

:mod:`.convert` is the one cattrs converter between JSON values and the
models, and turns every failure into a finding; :mod:`.textfields` holds
the rules of format 1.1 on text fields; :mod:`.rules` holds the rules
across records in memory, and :mod:`.rules.on_disk` the same rules over a
stream, from a private database.

Imports :mod:`learningcities._reading` and the models, never a report.
"""
