: NEURON's IntFire2 (intfire2.mod): a leaky integrator m (taum) driven by a synaptic
: current i (taus, bias ib); fires at m = 1, found by Newton iteration (firetime).
NEURON {
	ARTIFICIAL_CELL IntFire2
	RANGE taus, taum, ib, i, m
}

PARAMETER {
	taus = 20 (ms)
	taum = 10 (ms)
	ib = 0
}

ASSIGNED {
	i  m
	t0 (ms)
}

FUNCTION M() {
	LOCAL x, f
	f = taus/(taus - taum)
	x = (i - ib)*exp(-(t - t0)/taus)
	M = ib + f*x + (m - (ib + (i - ib)*f))*exp(-(t - t0)/taum)
}

FUNCTION I() {
	LOCAL x, f
	f = taus/(taus - taum)
	x = (i - ib)*exp(-(t - t0)/taus)
	I = x + ib
}

INITIAL {
	i = ib
	m = 0
	if (taus <= taum) {
		taus = taum + .1
	}
	t0 = t
	net_send(firetime(ib, 0, 0), 1)
}

NET_RECEIVE (w) {
	LOCAL x, inew, f, ibf
	f = taus/(taus - taum)
	x = (i - ib)*exp(-(t - t0)/taus)
	inew = ib + x

	if (flag == 1) {
		net_event(t)
		m = 0
		ibf = (inew - ib)*f
		net_send(firetime(ib, ibf,  0), 1)
	}else{
		m = ib + f*x + (m - (ib + (i - ib)*f))*exp(-(t - t0)/taum)
		inew = inew + w
		if (m >= 1) {
			net_move(t)
		}else{
			ibf = (inew - ib)*f
			net_move(firetime(ib, ibf, m) + t)
		}
	}
	t0 = t
	i = inew
}

FUNCTION firetime(a, b, c) (ms) {
	LOCAL r, cab, x, m, f

	r = taum/taus

	if (a <= 1 && a + b <= 1) {
		firetime = 1e9
	}else if (a > 1 && b <= 0) {
		cab = c - a - b
		m = r*b + cab
		if (m >= 0) {
			firetime = -taus * log(newton1(a,cab,b,1/r,0))
		}else{
			x = (1 - c + m)/m
			if (x <= 0) {
				firetime = -taus*log(newton1(a,cab,b,1/r,0))
			}else{
				firetime = -taum*log(newton1(a,b,cab,r,x))
			}
		}
	}else{
		cab = c - a - b
		x = (-cab/(r*b))^(1/(r-1))
		f = a + b*x^r + cab*x
		if (x >= 1 || f <= 1) {
			firetime = 1e9
		}else{
			m = r*b + cab
			x = (1 - c + m)/m
			firetime = -taum*log(newton1(a,b,cab,r,x))
		}
	}
}

FUNCTION newton1(a,b,c,r,x) {
	LOCAL dx, f, df, iter, xm
	dx = 1
	f = 0
	iter = 0
	while( fabs(dx) > 1e-6 || fabs(f - 1) > 1e-6) {
		f = a + b*x^r + c*x
		df = r*b*x^(r-1) + c
		dx = (1 - f)/df
		x = x + dx
		if (x <= 0) {
			x = 1e-4
		}else if (x > 1) {
			x = 1
		}
		iter = iter + 1
		if (iter == 6 && r < 1) {
			xm = (-c/(r*b))^(1/(r-1))
		}
		if (iter >5) {
		}
		if (iter > 10) {
printf("Intfire2 iter %g x=%g f=%g df=%g dx=%g a=%g b=%g c=%g r=%g\n",
iter, x, f, df, dx, a, b, c, r)
			f=1 dx=0
		}
	}
	newton1 = x
}
