"""The SymPy derivations of chapter 1.2 against the printed equations of Ralph & Stiles (2008)."""

import numpy as np
import sympy as sp

from spinlib.macrospin import derivation as d
from spinlib.macrospin import llg, si, studies, thresholds

S = d.symbols()
RNG = np.random.default_rng(7)


def test_gilbert_equals_landau_lifshitz_eq3():
    v, gp, lam, m, hv = d.gilbert_to_landau_lifshitz()
    al, g0 = S["alpha"], S["gamma_0"]
    # Eq. (3) of Ralph & Stiles (2008), as printed:
    # gamma0' = gamma0/(1+alpha^2), lambda = gamma0 alpha/(1+alpha^2)
    gp_printed = g0 / (1 + al**2)
    lam_printed = g0 * al / (1 + al**2)
    assert sp.simplify(gp - gp_printed) == 0
    assert sp.simplify(lam - lam_printed) == 0
    ll_printed = -gp_printed * m.cross(hv) - lam_printed * m.cross(m.cross(hv))
    assert all(sp.cancel(sp.expand(c)) == 0 for c in (v - ll_printed))
    # numeric: spinlib's right-hand side (gamma0 = 1, no anisotropy, no current) = lambdified v
    f = sp.lambdify((m[0], m[1], al, S["h_x"], S["h_y"], S["h_z"]), list(v.subs(g0, 1)), "numpy")
    for _ in range(30):
        mm = RNG.normal(size=3)
        mm /= np.linalg.norm(mm)
        mm[2] = abs(mm[2])  # the sqrt parametrisation is the upper hemisphere
        h = RNG.normal(size=3)
        a = RNG.uniform(0, 1)
        P = llg.MacrospinParams(field=h, alpha=a)
        assert np.allclose(llg.llg_rhs(mm, params=P), f(mm[0], mm[1], a, *h), atol=1e-12)


def test_effective_field_eq2_macrospin():
    E, heff, mvec, hvec, nk, nn = d.macrospin_energy_and_field()
    hk, N = S["h_k"], S["N"]
    # Eq. (2) of Ralph & Stiles (2008) for uniform M (exchange term drops), in units of M_s:
    # H_ext + 2K_u/(mu0 Ms^2) n (n . M) -> h + h_k n_k (n_k . m); thin-film demag field -N (n . m) n
    printed = hvec + hk * nk * nk.dot(mvec) - N * nn * nn.dot(mvec)
    assert all(sp.simplify(c) == 0 for c in (heff - printed))
    syms = (*mvec, *hvec, *nk, *nn, hk, N)
    fE = sp.lambdify(syms, E, "numpy")
    fh = sp.lambdify(syms, list(heff), "numpy")
    for _ in range(20):
        m, h, k, n = (RNG.normal(size=3) for _ in range(4))
        m, k, n = (x / np.linalg.norm(x) for x in (m, k, n))
        hk_, N_ = RNG.uniform(0, 1, size=2)
        P = llg.MacrospinParams(field=h, hk=hk_, easy_axis=k, demag=N_, normal=n)
        args = (*m, *h, *k, *n, hk_, N_)
        assert np.isclose(llg.energy(m, params=P), fE(*args))
        assert np.allclose(llg.effective_field(m, params=P), fh(*args))


def test_isotropic_polar_rate_and_cone():
    rate = d.isotropic_polar_rate()
    th, al, h, j, q, A, B = (S[k] for k in ("theta", "alpha", "h", "j", "q", "A", "B"))
    # energy balance: damping ~ alpha h sin^2 theta against torque ~ j eta(theta) sin^2 theta
    balance = (al * h - j * q / (A + B * sp.cos(th))) * sp.sin(th) ** 2 / (1 + al**2)
    assert sp.simplify(rate - balance) == 0
    f = sp.lambdify((th, al, h, j, q, A, B), rate, "numpy")
    for _ in range(20):
        t, a, hh, jj, b = RNG.uniform(0, np.pi), RNG.uniform(0, 1), RNG.uniform(0.1, 2), RNG.uniform(-1, 1), \
            RNG.uniform(-0.9, 0.9)
        P = studies.isotropic_preset(field=hh, alpha=a, asymmetry=b)
        m = np.array([np.sin(t), 0.0, np.cos(t)])
        assert np.isclose(llg.llg_rhs(m, params=P, current=jj)[2], f(t, a, hh, jj, 1 + b, 1.0, b), atol=1e-12)
    cos_star, slope = d.isotropic_cone()
    fc = sp.lambdify((j, al, h, q, A, B), cos_star)
    fs = sp.lambdify((j, al, h, q, A, B), slope)
    for b in (-0.6, -0.3, 0.3, 0.6):
        jj = 0.05 * (1 + (1 - b) / (1 + b))  # middle of the cone window for alpha h = 0.1, q = 1 + b
        c = fc(jj, 0.1, 1.0, 1 + b, 1.0, b)
        assert -1 < c < 1
        cone = thresholds.isotropic_cone_cos(current=jj, field=1.0, alpha=0.1, q=1 + b, A=1.0, B=b)
        assert np.isclose(c, cone)
        # stable (negative slope) exactly when eta decreases with angle, B < 0
        assert np.sign(fs(jj, 0.1, 1.0, 1 + b, 1.0, b)) == np.sign(b)


def test_llg_rhs_is_the_derived_gilbert_solution_full_vector():
    """llg.llg_rhs against the SymPy solution of the Gilbert equation with the Slonczewski term:
    all three components, random m, random axes, general N, h_k, current, asymmetry."""
    v, syms = d.llg_vector_field()
    f = sp.lambdify(syms, list(v), "numpy")
    _, heff, mvec, hvec, nk, nn = d.macrospin_energy_and_field()
    fh = sp.lambdify((*mvec, *hvec, *nk, *nn, S["h_k"], S["N"]), list(heff), "numpy")
    for _ in range(60):
        m, h, k, n, p = (RNG.normal(size=3) for _ in range(5))
        m, k, n, p = (x / np.linalg.norm(x) for x in (m, k, n, p))
        hk_, N_ = RNG.uniform(0, 1.5, size=2)
        a, j = RNG.uniform(0, 1), RNG.uniform(-2, 2)
        q, A = RNG.uniform(0.2, 2, size=2)
        B = RNG.uniform(-0.9, 0.9) * A
        P = llg.MacrospinParams(field=h, hk=hk_, easy_axis=k, demag=N_, normal=n, alpha=a, fixed=p,
                                q=q, A=A, B=B)
        want = np.array(f(*m, *h, *k, *n, hk_, N_, *p, a, j, q, A, B), dtype=float)
        assert np.allclose(llg.llg_rhs(m, params=P, current=j), want, rtol=1e-11, atol=1e-12)
        assert np.allclose(llg.effective_field(m, params=P), fh(*m, *h, *k, *n, hk_, N_),
                           rtol=1e-12, atol=1e-13)


def test_critical_current_eq26_exact_for_gilbert_insertion():
    ic, leading = d.critical_current_threshold("gilbert")
    e, hbar, al, eta0 = S["e"], S["hbar"], S["alpha"], S["q"] / (S["A"] + S["B"])
    # Eq. (26) of Ralph & Stiles (2008), as printed (thin film, N = 1)
    printed = 2 * e / hbar * al / eta0 * S["V"] * S["mu_0"] * S["M_s"] * (S["H"] + S["H_k"] + S["M_s"] / 2)
    assert sp.simplify(leading.subs(S["N"], 1) - printed) == 0
    assert sp.simplify(ic.subs(S["N"], 1) - printed) == 0  # no alpha^2 correction (Gilbert insertion)
    # the threshold is where the real part of the derived eigenvalues changes sign: evaluate the
    # eigenvalues (not the trace that defined ic) just below and above, for a general N
    _, tr, det, eig = d.parallel_state_jacobian("gilbert")
    args = (S["H"], S["H_k"], S["M_s"], S["V"], al, S["q"], S["A"], S["B"], e, hbar, S["mu_0"], S["N"])
    f = sp.lambdify(args, ic, "numpy")
    from spinlib import units

    for _ in range(25):
        H, Hk = RNG.uniform(0, 1e5, size=2)
        ms, vol, a = RNG.uniform(3e5, 2e6), RNG.uniform(1e-24, 1e-22), RNG.uniform(0.001, 0.5)
        q, A = RNG.uniform(0.1, 2, size=2)
        B = RNG.uniform(-0.9, 0.9) * A
        N = RNG.uniform(0.05, 2.0)
        vals = (H, Hk, ms, vol, a, q, A, B, units.E, units.HBAR, units.MU_0, N)
        want = f(*vals)
        # dimensionless spinlib threshold with the same general N, times the current unit
        jc = thresholds.critical_current(field=H / ms, hk=Hk / ms, demag=N, alpha=a, q=q, A=A, B=B)
        assert np.isclose(jc * si.current_unit(ms=ms, volume=vol), want, rtol=1e-12)
        sub = dict(zip(args, vals, strict=True))
        sub[S["gamma_0"]] = 1.0
        fe = sp.lambdify((S["I"],), [ev.subs(sub) for ev in eig], "numpy")
        for sgn in (-1, 1):
            re = np.real(np.asarray(fe(complex(want * (1 + sgn * 1e-3))), dtype=complex))
            assert np.all(np.sign(re) == sgn)
    # SI helper (thin film) against the derived threshold at N = 1
    f1 = sp.lambdify(args[:-1], ic.subs(S["N"], 1), "numpy")
    got = si.critical_current_si(field=3e4, hk=2e4, ms=1e6, volume=1e-23, alpha=0.02, q=1.0, A=1.0, B=0.3)
    assert np.isclose(got, f1(3e4, 2e4, 1e6, 1e-23, 0.02, 1.0, 1.0, 0.3, units.E, units.HBAR, units.MU_0))


def test_linear_growth_rate_is_half_the_derived_trace():
    _, tr, det, eig = d.parallel_state_jacobian("gilbert")
    rate = d.dimensionless(tr / 2)  # in units of gamma0 M_s, current j
    args = (S["h"], S["h_k"], S["N"], S["alpha"], S["j"], S["q"], S["A"], S["B"])
    f = sp.lambdify(args, rate, "numpy")
    for _ in range(30):
        h, hk = RNG.uniform(0, 0.5, size=2)
        N, a, j = RNG.uniform(0, 2), RNG.uniform(0, 0.5), RNG.uniform(-0.5, 0.5)
        q, A = RNG.uniform(0.1, 2, size=2)
        B = RNG.uniform(-0.9, 0.9) * A
        got = thresholds.linear_growth_rate(current=j, field=h, hk=hk, demag=N, alpha=a, q=q, A=A, B=B)
        assert np.isclose(got, f(h, hk, N, a, j, q, A, B), rtol=1e-12, atol=1e-14)


def test_critical_current_landau_lifshitz_insertion_differs_at_order_alpha2():
    ic_g, _ = d.critical_current_threshold("gilbert")
    ic_ll, leading_ll = d.critical_current_threshold("landau-lifshitz")
    al = S["alpha"]
    assert sp.simplify(leading_ll - sp.series(ic_g, al, 0, 2).removeO()) == 0  # same leading order
    assert sp.simplify(ic_ll - ic_g) != 0
    # numeric: spinlib's LL-insertion threshold against the derived one, general N
    args = (S["H"], S["H_k"], S["M_s"], S["V"], al, S["q"], S["A"], S["B"], S["e"], S["hbar"], S["mu_0"],
            S["N"])
    f = sp.lambdify(args, ic_ll, "numpy")
    from spinlib import units

    for _ in range(20):
        H, Hk = RNG.uniform(0, 1e5, size=2)
        ms, a, N = RNG.uniform(3e5, 2e6), RNG.uniform(0, 1), RNG.uniform(0, 2)
        q, A = RNG.uniform(0.1, 2, size=2)
        B = RNG.uniform(-0.9, 0.9) * A
        want = f(H, Hk, ms, 1e-23, a, q, A, B, units.E, units.HBAR, units.MU_0, N)
        got = thresholds.critical_current_ll_insertion(field=H / ms, hk=Hk / ms, demag=N, alpha=a, q=q, A=A,
                                                       B=B)
        assert np.isclose(got * si.current_unit(ms=ms, volume=1e-23), want, rtol=1e-12)
