"""Import3d_Neurolucida3 (.asc, Neurolucida V3 text): not yet in pnm. The name exists so a
script that uses it stops with a clear message instead of an unknown-name error."""


class Import3d_Neurolucida3:
    def __init__(self, *args):
        raise NotImplementedError(
            "Import3d_Neurolucida3: pnm reads SWC morphologies only so far (Import3d_SWC_read); "
            "convert the .asc file to SWC (for example with NeuroM's morph-tool or "
            "NLMorphologyConverter) and read it with Import3d_SWC_read")
