"""Scenario discovery (``collabsim discover``): PRIM boxes on a stored sweep, in tables, figures and words.

:mod:`.prim` finds the boxes (no I/O), :mod:`.words` says them in Dutch and English,
:mod:`.figures` draws them, :mod:`.command` reads the sweep and writes the files.
"""
