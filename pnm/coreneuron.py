"""`from neuron import coreneuron` (pnm.coreneuron): NEURON's switch for running pc.psolve on
CoreNEURON. pnm has no CoreNEURON (its own engine is the compiled one), so scripts that set
`coreneuron.enable = False` (the default, and what most scripts choose unless an environment
variable asks otherwise) run unchanged; with enable set to True pc.psolve stops with an error
saying so. The other settings are kept and have no effect."""

enable = False
gpu = False
file_mode = False
cell_permute = 1
warp_balance = 0
verbose = 2
prcellstate = -1
model_stats = False
save_path = None
restore_path = None


def check_psolve():
    """Raise when a script asked pc.psolve to run on CoreNEURON."""
    if enable:
        raise NotImplementedError(
            "coreneuron.enable = True: pnm has no CoreNEURON; its own engine runs pc.psolve. "
            "Set coreneuron.enable = False (or leave it unset)")
