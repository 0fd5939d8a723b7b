"""Pattern-oriented validation: experiments as data, run with common random numbers.

- :mod:`.experiments`: the pattern-experiment files (``experiments/patterns/*.toml``), their
  schema and loading;
- :mod:`.effects`: running every arm on the same seeds, and the paired effects with bootstrap
  95% intervals;
- :mod:`.figures`: a figure per experiment and an overview of all effect sizes;
- :mod:`.document`: docs/validation.md (Markdown): the values; the prose is ``templates/validation.md.j2``;
- :mod:`.command`: the ``collabsim patterns`` command.
"""
