"""Reading: the bytes of a file into JSON values, and where each value is.

:mod:`.files` reads the bytes of an input (a file or a pipe, never a
device); :mod:`.jsontext` decodes them and parses JSON without losing a
defect (a defect becomes a marker in the value, or a finding); and
:mod:`.locate` finds the line and column of a path in the text.

Imports only the models' vocabulary: findings and messages.
"""
