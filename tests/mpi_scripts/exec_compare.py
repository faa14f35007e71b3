"""MPIPoolExecutor on every rank: the master prints the results of execute() as JSON."""
import json
import sys

from exec_work import work   # module level, importable on every rank

from pnm.parallel.executors import MPIPoolExecutor

n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
with MPIPoolExecutor() as ex:          # workers serve tasks here and exit at the end of the block
    first = ex.execute(work, range(n))
    second = ex.execute(work, [5, 3, 1])   # the pool is reused
    nhost = ex.board.nhost
print("RESULT " + json.dumps({"nhost": nhost, "first": first, "second": second}))
