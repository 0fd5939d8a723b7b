"""``collabsim optimise``: packages of levers on the front of cost against robustness.

``problem`` turns levers into model runs and runs into a package's cost and p_working,
``search`` runs platypus's NSGA-II on them through collabsim's evaluator and keeps the
archive and its front (no file I/O, no plots); ``words``, ``figures``, ``command`` and
``pareto`` (reading a written front back) do the rest.
"""
