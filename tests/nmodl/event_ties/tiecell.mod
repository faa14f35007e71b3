: An artificial cell for tests/test_event_ties.py (pnm's own file): u relaxes toward
: uinf (> 1) with time constant tau; an input adds its weight to u and moves the pending
: firing event to the new crossing time of u = 1 (net_move); the cell fires there and is
: refractory for refrac ms. Many inputs at exactly the same time make the order in which
: the queue delivers equal-time events visible in the sums.

NEURON {
	ARTIFICIAL_CELL TieCell
	RANGE tau, uinf, refrac, u
}

PARAMETER {
	tau = 20 (ms)
	uinf = 1.1
	refrac = 5 (ms)
}

ASSIGNED {
	u
	t0 (ms)
	ready
}

INITIAL {
	u = 0
	t0 = t
	ready = 1
	net_send(crossing(), 1)
}

FUNCTION now() {
	if (ready) {
		now = uinf + (u - uinf)*exp(-(t - t0)/tau)
	} else {
		now = 0
	}
}

FUNCTION crossing() (ms) {
	crossing = tau*log((uinf - u)/(uinf - 1))
}

NET_RECEIVE (w) {
	u = now()
	t0 = t
	if (flag == 1) {
		if (u >= 0.999999) {
			net_event(t)
			u = 0
			ready = 0
			net_send(refrac, 2)
		} else {
			net_send(crossing(), 1)
		}
	} else if (flag == 2) {
		ready = 1
		u = 0
		net_send(crossing(), 1)
	} else if (ready) {
		u = u + w
		if (u >= 1) {
			net_move(t)
		} else {
			net_move(t + crossing())
		}
	}
}
