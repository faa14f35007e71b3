"""The pivot order of NEURON's sparse solver for a KINETIC block (scopmath's sparse_thread:
spar_minorder), computed from the block's matrix structure when the mechanism is translated.

NEURON solves a KINETIC block's linear system by Gaussian elimination without numerical
pivoting, its rows taken in a minimum-degree order: repeatedly the row with fewest elements
(ties: the one inserted last), whose elimination adds fill-in elements to the rows below.
Eliminating a dense copy of the matrix in that same order, touching only the elements the
sparse structure has (runtime's ordered_solve_), gives NEURON's results to the last bit."""


def minimum_order(n, elements):
    """(order, structure): the rows in elimination order (0-based) and the set of (row,
    col) elements after fill-in, for an n-row matrix whose fun touches `elements` (the
    diagonal always exists)."""
    struct = set(elements) | {(k, k) for k in range(n)}
    varord = list(range(n))               # position of each row (and column) in solution order
    at = list(range(n))                   # row at each position
    norder = [sum(1 for (r, _c) in struct if r == row) for row in range(n)]
    orderlist = []

    def insert(row):                      # before the first row of at least its order
        for k, other in enumerate(orderlist):
            if norder[other] >= norder[row]:
                orderlist.insert(k, row)
                return
        orderlist.append(row)

    def reorder(row, change):
        orderlist.remove(row)
        norder[row] += change
        insert(row)

    for position in range(n):
        insert(at[position])
    for i in range(n):
        pivot = orderlist[0]
        j = varord[pivot]
        if j != i:                        # rows i..j-1 move down one place
            for k in range(j, i, -1):
                at[k] = at[k - 1]
                varord[at[k]] = k
            at[i] = pivot
            varord[pivot] = i
        below = sorted((r for (r, c) in struct if c == pivot and varord[r] > i),
                       key=lambda r: varord[r])
        right = sorted((c for (r, c) in struct if r == pivot and varord[c] > i),
                       key=lambda c: varord[c])
        for r in below:
            for c in right:
                if (r, c) not in struct:
                    struct.add((r, c))
                    reorder(r, +1)
            reorder(r, -1)
        orderlist.remove(pivot)
    return [at[k] for k in range(n)], struct
