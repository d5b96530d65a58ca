"""The SymPy derivations of chapter 1.2 against the printed equations of Ralph & Stiles (2008)."""

import numpy as np
import sympy as sp

from spinlib import llg
from spinlib.derivations import ch1_llg as d

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
        P = llg.isotropic_preset(field=hh, alpha=a, asymmetry=b)
        m = np.array([np.sin(t), 0.0, np.cos(t)])
        assert np.isclose(llg.llg_rhs(m, params=P, current=jj)[2], f(t, a, hh, jj, 1 + b, 1.0, b), atol=1e-12)
    cos_star, slope = d.isotropic_cone()
    fc = sp.lambdify((j, al, h, q, A, B), cos_star)
    fs = sp.lambdify((j, al, h, q, A, B), slope)
    for b in (-0.6, -0.3, 0.3, 0.6):
        jj = 0.05 * (1 + (1 - b) / (1 + b))  # middle of the cone window for alpha h = 0.1, q = 1 + b
        c = fc(jj, 0.1, 1.0, 1 + b, 1.0, b)
        assert -1 < c < 1
        assert np.isclose(c, llg.isotropic_cone_cos(current=jj, field=1.0, alpha=0.1, q=1 + b, A=1.0, B=b))
        # stable (negative slope) exactly when eta decreases with angle, B < 0
        assert np.sign(fs(jj, 0.1, 1.0, 1 + b, 1.0, b)) == np.sign(b)


def test_critical_current_eq26_exact_for_gilbert_insertion():
    ic, leading = d.critical_current_threshold("gilbert")
    e, hbar, al, eta0 = S["e"], S["hbar"], S["alpha"], S["q"] / (S["A"] + S["B"])
    # Eq. (26) of Ralph & Stiles (2008), as printed
    printed = 2 * e / hbar * al / eta0 * S["V"] * S["mu_0"] * S["M_s"] * (S["H"] + S["H_k"] + S["M_s"] / 2)
    assert sp.simplify(leading - printed) == 0
    assert sp.simplify(ic - printed) == 0  # no alpha^2 correction with the torque in the Gilbert form
    # the eigenvalues' real part is zero there: trace(I_c) = 0 and det > 0 (complex pair)
    _, tr, det, eig = d.parallel_state_jacobian("gilbert")
    assert sp.simplify(tr.subs(S["N"], 1).subs(S["I"], ic)) == 0
    # numeric: spinlib's SI and dimensionless functions against lambdify of the derived threshold
    args = (S["H"], S["H_k"], S["M_s"], S["V"], al, S["q"], S["A"], S["B"], e, hbar, S["mu_0"])
    f = sp.lambdify(args, ic, "numpy")
    from spinlib import units

    for _ in range(30):
        H, Hk = RNG.uniform(0, 1e5, size=2)
        ms, vol, a = RNG.uniform(3e5, 2e6), RNG.uniform(1e-24, 1e-22), RNG.uniform(0.001, 0.5)
        q, A = RNG.uniform(0.1, 2, size=2)
        B = RNG.uniform(-0.9, 0.9) * A
        want = f(H, Hk, ms, vol, a, q, A, B, units.E, units.HBAR, units.MU_0)
        got = llg.critical_current_si(field=H, hk=Hk, ms=ms, volume=vol, alpha=a, q=q, A=A, B=B)
        assert np.isclose(got, want, rtol=1e-12)
        jc = llg.critical_current(field=H / ms, hk=Hk / ms, alpha=a, q=q, A=A, B=B)
        assert np.isclose(jc * llg.current_unit(ms=ms, volume=vol), want, rtol=1e-12)
        # and the real parts of the eigenvalues change sign there
        vals = dict(zip(args, (H, Hk, ms, vol, a, q, A, B, units.E, units.HBAR, units.MU_0), strict=True))
        vals.update({S["N"]: 1, S["gamma_0"]: 1.0})
        fe = sp.lambdify((S["I"],), [ev.subs(vals) for ev in eig], "numpy")
        for sgn in (-1, 1):
            re = np.real(np.asarray(fe(complex(want * (1 + sgn * 1e-3))), dtype=complex))
            assert np.all(np.sign(re) == sgn)


def test_critical_current_landau_lifshitz_insertion_differs_at_order_alpha2():
    ic_g, _ = d.critical_current_threshold("gilbert")
    ic_ll, leading_ll = d.critical_current_threshold("landau-lifshitz")
    al = S["alpha"]
    assert sp.simplify(leading_ll - sp.series(ic_g, al, 0, 2).removeO()) == 0  # same leading order
    assert sp.simplify(sp.series(ic_ll - ic_g, al, 0, 3).removeO()) == 0  # equal through O(alpha^2)
    assert sp.simplify(ic_ll * (1 + al**2) - ic_g) == 0
    assert sp.simplify(ic_ll - ic_g) != 0
    f = sp.lambdify((S["H"], S["H_k"], S["M_s"], al), (ic_ll / ic_g))
    assert np.isclose(f(1e4, 2e4, 1e6, 0.5), 1 / 1.25)
