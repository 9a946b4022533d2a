"""依法 Yifa: the administrative law-enforcement responsibility system."""
