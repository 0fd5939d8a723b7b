"""The trainers' dashboard: a Mesa SolaraViz app served locally (``collabsim dashboard``)."""
