"""backmuscles: which muscles are often linked to back, pelvis and hip pain where it hurts."""

__version__ = "0.1.0"
