"""Run one corpus script as ``python SCRIPT`` would, then its epilogue in the same namespace.

    python harness.py SCRIPT [EPILOGUE]

Used for both backends; the pnm run's files have had their neuron imports rewritten before.
The script's own SystemExit (e.g. ``h.quit()`` ends the process in NEURON) ends the run
as it would without the harness."""

import os
import sys


def main(argv):
    script = os.path.abspath(argv[0])
    epilogue = argv[1] if len(argv) > 1 else None
    sys.argv = [script]
    sys.path[0] = os.path.dirname(script)
    namespace = {"__name__": "__main__", "__file__": script, "__builtins__": __builtins__}
    with open(script, encoding="utf-8") as f:
        code = compile(f.read(), script, "exec")
    exec(code, namespace)
    if epilogue:
        sys.stdout.flush()
        print("=== epilogue ===", flush=True)
        with open(epilogue, encoding="utf-8") as f:
            exec(compile(f.read(), epilogue, "exec"), namespace)
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
