"""Cells that follow NEURON's NetGUI / ParallelNetManager conventions (base.py) and the
tutorial's ball-and-stick cell."""

from .ballandstick import BallAndStick
from .base import ArtificialCell, NetworkReadyCell, check_cell, is_artificial

__all__ = ["NetworkReadyCell", "ArtificialCell", "BallAndStick", "check_cell", "is_artificial"]
