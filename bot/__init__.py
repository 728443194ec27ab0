"""exobot: answers questions about exosome skincare from one vetted guide."""

__version__ = "0.1.0"
