r"""SymPy derivations for the many-body chapter: quantum many-body spin transfer.

Source: P. Mondal, U. Bajpai, M. D. Petrović, P. Plecháč and B. K. Nikolić, Phys. Rev. B 99,
094431 (2019) ("Mondal et al. (2019)"). Each function starts from stated premises (the
Hamiltonian of Eq. (3) built from Pauli matrices, the wave packet of Eq. (4), the Crank-Nicolson
scheme) and derives with SymPy; none types in its result. ``tests/manybody/test_manybody_derivation.py``
and ``tests/manybody/test_manybody_observables.py`` compare with the paper's printed statements and
with the numeric functions of :mod:`spinlib.manybody` that the evolution calls.

Units: energies in units of the hopping :math:`\gamma` where a symbol is not given, :math:`\hbar = 1`.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

import sympy as sp
from sympy.physics.quantum import TensorProduct

from ..validate import SpinlibInputError, choice, count, positive, scalar

__all__ = [
    "SYMBOLS",
    "MAX_SYMBOLIC_DIM",
    "pauli",
    "small_hamiltonian",
    "total_sz_commutator",
    "exchange_spectrum",
    "cayley_step",
    "packet_moments",
    "dicke_multiplet_energies",
    "macrospin_block",
    "chapter_equations",
]

gamma, J, J_z, J_sd = sp.symbols("gamma J J_z J_sd", real=True)
x = sp.Symbol("x", real=True)  # H dt / hbar, a real eigenvalue of the step generator
k, k0 = sp.symbols("k k_0", real=True)
dk = sp.Symbol("delta_k", positive=True)
X = sp.Symbol("x_s", real=True)  # position on the chain (continuum variable)

#: largest matrix dimension built symbolically (SymPy slows down steeply beyond)
MAX_SYMBOLIC_DIM = 64


def _symbolic_size(what: str, dim: int) -> None:
    if dim > MAX_SYMBOLIC_DIM:
        raise SpinlibInputError(
            f"{what} gives a symbolic matrix of dimension {dim} (> MAX_SYMBOLIC_DIM = {MAX_SYMBOLIC_DIM}): "
            "use the numeric functions of spinlib.manybody"
        )


def _orbitals_and_spins(n_sites, n_spins) -> tuple:
    n_sites = count("n_sites", n_sites, minimum=1, maximum=MAX_SYMBOLIC_DIM)
    n_spins = count("n_spins", n_spins, minimum=1, maximum=n_sites)
    _symbolic_size(f"n_sites = {n_sites}, n_spins = {n_spins}", n_sites * 2 ** (n_spins + 1))
    return n_sites, n_spins


#: Symbols shared with the tests.
SYMBOLS = {"gamma": gamma, "J": J, "J_z": J_z, "J_sd": J_sd, "x": x, "k": k, "k0": k0, "dk": dk}


def pauli():
    """The Pauli matrices (sigma_x, sigma_y, sigma_z) and the 2x2 identity, as printed below Eq. (3).

    Returns
    -------
    tuple of four sympy.Matrix

    Examples
    --------
    >>> import sympy as sp
    >>> from spinlib.manybody import derivation as d
    >>> sx, sy, sz, one = d.pauli()
    >>> sx * sy - sy * sx == 2 * sp.I * sz
    True
    """
    return (
        sp.Matrix([[0, 1], [1, 0]]),
        sp.Matrix([[0, -sp.I], [sp.I, 0]]),
        sp.Matrix([[1, 0], [0, -1]]),
        sp.eye(2),
    )


def _embed(op, which: int, n_factors: int, dims):
    mats = [op if i == which else sp.eye(dims[i]) for i in range(n_factors)]
    out = mats[0]
    for m in mats[1:]:
        out = TensorProduct(out, m)
    return sp.Matrix(out)


def small_hamiltonian(n_sites: int = 2, n_spins: int = 2):
    """Eq. (3) with symbolic couplings on ``n_sites`` orbitals and ``n_spins`` local spins.

    The local spins sit on the sites 0..n_spins-1.

    Built term by term as printed: hopping :math:`-\\gamma\\sum|i\\rangle\\langle j|`, s-d exchange
    :math:`-J_{sd}\\sum_i|i\\rangle\\langle i|\\otimes\\hat s_e\\cdot\\hat S_i` and the XXZ chain
    :math:`-\\sum[J(\\hat S^x\\hat S^x + \\hat S^y\\hat S^y) + J_z\\hat S^z\\hat S^z]`, with
    :math:`\\hat s_e, \\hat S_i` Pauli matrices embedded in orbital, electron and local spins.
    Returns ``(H, Sz_total)`` where ``Sz_total`` is :math:`\\sum\\sigma^z/2` of all spins.

    Parameters
    ----------
    n_sites, n_spins : int
        Orbitals and local spins 1/2 (keep them small: dimension n_sites 2^(n_spins+1)).

    Returns
    -------
    H, Sz_total : sympy.Matrix
        Eq. (3) of Mondal et al. (2019) (units of the symbols) and the total S^z (units of hbar).

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> h, sz = d.small_hamiltonian(2, 1)
    >>> h.shape, h.is_hermitian
    ((8, 8), True)
    """
    n_sites, n_spins = _orbitals_and_spins(n_sites, n_spins)
    sx, sy, sz, one = pauli()
    nf = 2 + n_spins
    dims = [n_sites] + [2] * (n_spins + 1)
    hop = sp.zeros(n_sites)
    for i in range(n_sites - 1):
        hop[i, i + 1] = hop[i + 1, i] = -gamma
    h = _embed(hop, 0, nf, dims)
    sig = [[_embed(s, 1 + a, nf, dims) for s in (sx, sy, sz)] for a in range(n_spins + 1)]
    for i in range(n_spins):
        proj = sp.zeros(n_sites)
        proj[i, i] = 1
        p = _embed(proj, 0, nf, dims)
        h -= J_sd * p * sum((sig[0][c] * sig[i + 1][c] for c in range(3)), sp.zeros(h.shape[0]))
    for i in range(1, n_spins):
        h -= J * (sig[i][0] * sig[i + 1][0] + sig[i][1] * sig[i + 1][1]) + J_z * sig[i][2] * sig[i + 1][2]
    sz_tot = sum((sig[a][2] for a in range(n_spins + 1)), sp.zeros(h.shape[0])) / 2
    return h, sz_tot


def total_sz_commutator(n_sites: int = 2, n_spins: int = 2):
    """:math:`[\\hat H, \\hat S^z_{tot}]` of :func:`small_hamiltonian` (simplified entrywise).

    Returns
    -------
    sympy.Matrix
        Zero: total S^z is conserved (Mondal et al. (2019), below Eq. (8)).

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> d.total_sz_commutator(2, 1).is_zero_matrix
    True
    """
    return _commutator(*_orbitals_and_spins(n_sites, n_spins))


@lru_cache(maxsize=4)
def _commutator(n_sites: int, n_spins: int):
    h, sz = small_hamiltonian(n_sites, n_spins)
    return (h * sz - sz * h).applyfunc(sp.simplify)


def exchange_spectrum(convention: str = "pauli") -> dict:
    """Eigenvalues (with multiplicity) of :math:`\\hat s_e\\cdot\\hat S` for two spins 1/2.

    ``"pauli"``: :math:`\\boldsymbol\\sigma\\cdot\\boldsymbol\\sigma` (triplet 1, singlet -3);
    ``"spin"``: :math:`\\hat{\\mathbf S}\\cdot\\hat{\\mathbf S}/\\hbar^2` (1/4, -3/4).

    Returns
    -------
    dict
        eigenvalue -> multiplicity. The s-d block of ``sector_hamiltonian`` has the eigenvalues
        :math:`-J_{sd}` times these (tested).

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> d.exchange_spectrum("pauli") == {1: 3, -3: 1}
    True
    """
    convention = choice("convention", convention, ("pauli", "spin"))
    sx, sy, sz, one = pauli()
    scale = 1 if convention == "pauli" else sp.Rational(1, 2)
    dot = sum((TensorProduct(scale * s, scale * s) for s in (sx, sy, sz)), sp.zeros(4))
    return sp.Matrix(dot).eigenvals()


@lru_cache(maxsize=1)
def cayley_step() -> dict:
    """The Crank-Nicolson step on an eigenvector of H: amplification factor and its error.

    Premise: :math:`(1 + i x/2)\\psi_{n+1} = (1 - i x/2)\\psi_n` with :math:`x = E\\,\\delta t/\\hbar` real.
    Returns ``U`` (the factor), ``modulus_sq`` (:math:`|U|^2`, simplified), ``local_error``
    (series of :math:`U - e^{-ix}` to :math:`O(x^4)`), ``leading_order`` (its order in x), and
    ``phase_error`` (leading term of :math:`\\arg U + x`).

    Returns
    -------
    dict
        The factor that ``spinlib.manybody.cn_propagator`` applies to an eigenvector (tested).

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> d.cayley_step()["phase_error"], d.cayley_step()["modulus_sq"]
    (x**3/12, 1)
    """
    u = (1 - sp.I * x / 2) / (1 + sp.I * x / 2)
    mod = sp.simplify(u * sp.conjugate(u))
    err = sp.series(u - sp.exp(-sp.I * x), x, 0, 5).removeO()
    order = min(sp.Poly(err, x).monoms())[0]
    phase = sp.series(-2 * sp.atan(x / 2) + x, x, 0, 5).removeO()  # arg U = -2 atan(x/2)
    return {
        "U": u,
        "modulus_sq": mod,
        "local_error": sp.expand(err),
        "leading_order": order,
        "phase_error": sp.expand(phase),
    }


@lru_cache(maxsize=1)
def packet_moments() -> dict:
    """Mean and variance of the band energy :math:`-2\\gamma\\cos k` in the packet of Eq. (4).

    Premises: amplitude :math:`e^{ik_0x - \\delta k^2x^2/4}` on a continuum (a packet many sites wide,
    far from the chain ends); its momentum distribution follows by Fourier transform; the band of the
    chain is :math:`\\epsilon(k) = -2\\gamma\\cos k`. Returns the momentum distribution ``weight(k)``
    (normalised), ``sigma_k`` (its standard deviation), ``mean`` and ``variance`` of
    :math:`\\epsilon(k)`.

    Returns
    -------
    dict
        SymPy expressions in ``SYMBOLS`` gamma, k0, dk (and k for the weight); compared with
        ``spinlib.manybody.energy_moments`` of the lattice packet in the tests.

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> d.packet_moments()["mean"]
    -2*gamma*exp(-delta_k**2/8)*cos(k_0)

    """
    amp = sp.integrate(
        sp.exp(sp.I * k0 * X - dk**2 * X**2 / 4 - sp.I * k * X), (X, -sp.oo, sp.oo), conds="none"
    )
    dens = sp.simplify(amp * sp.conjugate(amp))
    dens = sp.simplify(dens / sp.integrate(dens, (k, -sp.oo, sp.oo), conds="none"))

    def average(f):
        return sp.simplify(sp.integrate(sp.expand(f * dens), (k, -sp.oo, sp.oo), conds="none"))

    var_k = average((k - k0) ** 2)
    e1, e2 = average(sp.exp(sp.I * k)), average(sp.exp(2 * sp.I * k))  # <e^{ik}>, <e^{2ik}>
    mean = sp.simplify(-2 * gamma * sp.re(e1))  # eps = -gamma (e^{ik} + e^{-ik})
    second = sp.simplify(2 * gamma**2 * (1 + sp.re(e2)))  # eps^2 = 4 gamma^2 cos^2 k = 2 gamma^2 (1 + cos 2k)
    return {
        "weight": dens,
        "sigma_k": sp.sqrt(var_k),
        "mean": mean,
        "variance": sp.simplify(second - mean**2),
    }


def dicke_multiplet_energies(n_spins: int = 5) -> list:
    """First-order energies of the ferromagnetic multiplet of the open XXZ chain (Pauli operators).

    Premises: at :math:`J_z = J` the chain is
    :math:`-J\\sum\\boldsymbol\\sigma_n\\cdot\\boldsymbol\\sigma_{n+1}`,
    whose ground multiplet (total spin N/2) consists of the symmetric (Dicke) states with
    :math:`q` spins down; :math:`J_z\\ne J` adds :math:`-(J_z - J)\\sum\\sigma^z_n\\sigma^z_{n+1}`, taken to
    first order in each Dicke state (no degeneracy within a sector). Returns the list of
    :math:`E_q`, q = 0..N, computed from the explicit Dicke vectors.

    Parameters
    ----------
    n_spins : int
        Spins 1/2 of the chain (dimension 2^n_spins: keep it small).

    Returns
    -------
    list of sympy expressions in J, J_z (units of the exchange)

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> d.dicke_multiplet_energies(2)
    [-J_z, -2*J + J_z, -J_z]
    """
    n = count("n_spins", n_spins, minimum=1)
    _symbolic_size(f"n_spins = {n}", 2**n if n < 64 else 2**64)
    return list(_dicke(n))


@lru_cache(maxsize=8)
def _dicke(n: int) -> tuple:
    sx, sy, sz, one = pauli()
    dims = [2] * n
    sig = [[_embed(s, a, n, dims) for s in (sx, sy, sz)] for a in range(n)]
    h = sp.zeros(2**n)
    for a in range(n - 1):
        h -= J * (sig[a][0] * sig[a + 1][0] + sig[a][1] * sig[a + 1][1]) + J_z * sig[a][2] * sig[a + 1][2]
    energies = []
    for q in range(n + 1):
        vec = sp.zeros(2**n, 1)
        for downs in combinations(range(n), q):
            vec[sum(2 ** (n - 1 - d) for d in downs)] = 1
        vec = vec / sp.sqrt((vec.T * vec)[0])
        energies.append(sp.factor(sp.expand((vec.T * h * vec)[0])))
    return tuple(energies)


def macrospin_block(spin=None) -> dict:
    """The s-d coupling of an electron spin 1/2 and a macrospin S in the sector of (A1a)-(A1b).

    Premises: :math:`-J_{sd}\\,\\boldsymbol\\sigma\\cdot(2\\hat{\\mathbf S}/\\hbar)` (the Pauli convention
    extended to spin S: every spin operator in units of :math:`\\hbar/2`), total :math:`S^z` conserved.
    Returns the 2x2 block on :math:`(|\\downarrow, S\\rangle, |\\uparrow, S-1\\rangle)` and its
    eigenvalues.

    Parameters
    ----------
    spin : number or None
        The macrospin S (default 5/2, the appendix of Mondal et al. (2019)).

    Returns
    -------
    dict
        ``block`` (sympy.Matrix) and ``eigenvalues`` (dict value -> multiplicity).

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> d.macrospin_block()["eigenvalues"] == {7 * d.SYMBOLS["J_sd"]: 1, -5 * d.SYMBOLS["J_sd"]: 1}
    True
    """
    if spin is None:
        s = sp.Rational(5, 2)
    else:
        value = scalar("spin", spin, positive)
        if abs(2 * value - round(2 * value)) > 1e-12:
            raise SpinlibInputError(f"spin must be a positive half-integer (0.5, 1, 1.5, ...); got {spin!r}")
        _symbolic_size(f"spin = {spin!r}", 2 * (round(2 * value) + 1))
        s = sp.Rational(round(2 * value), 2)
    m = [s - i for i in range(int(2 * s) + 1)]
    dim = len(m)
    plus = sp.zeros(dim)
    for i in range(1, dim):
        plus[i - 1, i] = sp.sqrt(s * (s + 1) - m[i] * (m[i] + 1))
    big = [(plus + plus.T) / 2, (plus - plus.T) / (2 * sp.I), sp.diag(*m)]
    sx, sy, sz, one = pauli()
    dot = sum(
        (TensorProduct(sig, 2 * b) for sig, b in zip((sx, sy, sz), big, strict=True)), sp.zeros(2 * dim)
    )
    dot = sp.Matrix(dot)
    down_s, up_s1 = dim + 0, 1  # |down> (x) |S> and |up> (x) |S - 1>
    block = -J_sd * sp.Matrix(
        [[dot[down_s, down_s], dot[down_s, up_s1]], [dot[up_s1, down_s], dot[up_s1, up_s1]]]
    )
    return {"block": block, "eigenvalues": block.eigenvals()}


def chapter_equations() -> dict:
    """Derived results for the chapter page (glue), name -> SymPy object; nothing typed in.

    Returns
    -------
    dict
        ``commutator``, ``cayley``, ``cayley_error``, ``packet_mean``, ``packet_variance``,
        ``sigma_k`` (sympy.Eq), ``multiplet`` (list of sympy.Eq), ``macrospin_block`` (Matrix).

    Examples
    --------
    >>> from spinlib.manybody import derivation as d
    >>> d.chapter_equations()["cayley"]
    Eq(U, (-I*x/2 + 1)/(I*x/2 + 1))

    """
    cay = cayley_step()
    mom = packet_moments()
    e = dicke_multiplet_energies(5)
    mac = macrospin_block()
    return {
        "commutator": sp.Eq(sp.Symbol(r"[\hat H, \hat S^z_{\rm tot}]"), sp.Integer(0))
        if total_sz_commutator().is_zero_matrix
        else None,
        "cayley": sp.Eq(sp.Symbol("U"), cay["U"]),
        "cayley_error": sp.Eq(sp.Symbol(r"U - e^{-ix}"), cay["local_error"] + sp.Order(x**4)),
        "packet_mean": sp.Eq(sp.Symbol(r"\langle\epsilon\rangle"), mom["mean"]),
        "packet_variance": sp.Eq(sp.Symbol(r"\delta\epsilon^2"), mom["variance"]),
        "sigma_k": sp.Eq(sp.Symbol(r"\sigma_k"), mom["sigma_k"]),
        "multiplet": [sp.Eq(sp.Symbol(f"E_{q}"), e[q]) for q in range(3)],
        "macrospin_block": mac["block"],
    }
