"""The joins between chapters that chapters 1-2 and the front page state, computed and checked.

* chapter 1 <-> 2: a sub-threshold torque multiplies the thermal tilt of chapter 1's macrospin by
  ``1/(1 - j/j_c)`` (stochastic LLG against the exact Boltzmann density of the isotropic geometry)
  and chapter 2's thermal magnons by ``gamma = 1/(1 + V/V_c)``;
* chapter 2 <-> 3: at T = 0 the quantum part of chapter 2's magnon number against the closed form
  of Exercise "Zero-temperature electron-hole functions";
* chapter 1 <-> 5: the peak of Slonczewski's ``eta(theta) sin theta`` against ``cos theta* = -B/A``;
* the pages: book/torque/summary.md states these numbers (asserted here), book/intro.md's map links
  every chapter and every join, and its description of the static sliders matches the HTML.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from spinlib.macrospin import studies as mstudies
from spinlib.macrospin.llg import slonczewski_coefficients
from spinlib.magnon_transport import studies as tstudies
from spinlib.validate import SpinlibInputError
from spinlib.widgets import Explorer, Slider, new_figure

SUMMARY = ROOT / "book" / "torque" / "summary.md"
INTRO = ROOT / "book" / "intro.md"


def closing_page(topic: str):
    """The page that closes a chapter: its summary page when the chapter is split into pages."""
    summary = ROOT / "book" / topic / "summary.md"
    return summary if summary.exists() else ROOT / "book" / topic / "index.md"


@pytest.fixture(scope="module")
def amplification():
    return mstudies.thermal_amplification(fractions=(0.0, 0.5, 0.8), samples=400, seed=0)


@pytest.fixture(scope="module")
def links():
    return tstudies.chapter_links(fraction=0.5)  # the call of the chapter-2 page


def test_boltzmann_reference_is_the_stationary_density():
    """<1 - cos theta> under exp(x cos theta) on the sphere, by quadrature (not the closed form)."""
    for x in (1e-4, 0.3, 5.0, 50.0, 100.0, 2000.0):
        # substitute w = x (1 - u): weights e^{-w} on [0, 2x]
        num = quad(lambda w, x=x: w / x * np.exp(-w), 0, 2 * x, limit=200)[0]
        den = quad(lambda w: np.exp(-w), 0, 2 * x, limit=200)[0]
        assert mstudies._langevin_complement(x) == pytest.approx(num / den, rel=1e-9), x


def test_stochastic_llg_tilt_matches_boltzmann_in_the_reduced_field(amplification):
    r = amplification
    for sim, err, ref in zip(r.simulated, r.error, r.boltzmann, strict=True):
        assert abs(sim - ref) < 4 * err, (sim, ref, err)
    # the reference itself: at eps = 0.01 the tilt is eps / (h (1 - f)) to O(e^{-2 h (1-f)/eps})
    assert r.boltzmann == pytest.approx(0.01 / (1 - r.fractions), rel=1e-12)
    rel = np.hypot(r.error / r.simulated, r.error[0] / r.simulated[0])
    assert np.all(np.abs(r.amplification - 1 / (1 - r.fractions)) < 4 * rel * r.amplification)


def test_thermal_amplification_refuses_bad_input():
    with pytest.raises(SpinlibInputError, match="fractions"):
        mstudies.thermal_amplification(fractions=(0.5,))
    with pytest.raises(SpinlibInputError, match="fractions"):
        mstudies.thermal_amplification(fractions=(0.0, 1.0))
    with pytest.raises(SpinlibInputError, match="temperature"):
        mstudies.thermal_amplification(temperature=-1.0)
    with pytest.raises(SpinlibInputError, match="samples"):
        mstudies.thermal_amplification(samples=5)


def test_chapter_two_amplifies_thermal_magnons_by_one_over_one_minus_f(links):
    # premises: hbar dN/dt = -2 hbar Omega (alpha_p + alpha_e)(1 + V/V_c)(N - ...) => gamma = 1/(1 + V/V_c)
    assert links.gamma == pytest.approx(1 / (1 - links.fraction), rel=1e-12)
    assert links.classical_ratio == pytest.approx(1 / (1 - links.fraction), rel=1e-12)
    assert abs(links.llg_amplification - links.gamma) < 4 * links.llg_error
    assert links.llg_boltzmann == pytest.approx(links.gamma, rel=1e-9)


def test_zero_temperature_emission_matches_the_closed_form(links):
    """T = 0: N_+ = (|v|-1)/2, N_- = sign(v)(|v|-1)/2 above threshold, 0 below; N_0 = 0;
    N~ = [N_+ - eta P_L N_-]/(1 + S/S_c), gamma = 1/(1 + v/V_c), antiparallel (eta = -1)."""
    p = tstudies.FIG2
    eta, v = -1, links.t0_bias
    n_plus = np.maximum(np.abs(v) - 1, 0) / 2
    n_minus = np.sign(v) * n_plus
    vc = (1 + p.spin_ratio) / (p.lead_polarization * eta)  # (alpha_e + alpha_p)/(P_L alpha_e eta)
    expected = (n_plus - eta * p.lead_polarization * n_minus) / (1 + p.spin_ratio) / (1 + v / vc)
    assert links.t0_quantum == pytest.approx(expected, rel=1e-12, abs=0)
    assert np.all(links.t0_classical == 0)
    assert np.all(links.t0_quantum[np.abs(v) > 1] > 0) and np.all(links.t0_quantum[np.abs(v) < 1] == 0)


@pytest.mark.parametrize("polarization", [0.1, 0.35, 0.7, 0.99])
def test_slonczewski_peak_is_at_cos_theta_minus_b_over_a(polarization):
    # d/dtheta [sin theta / (A + B cos theta)] = 0  <=>  A cos theta + B = 0
    q, A, B = (float(x) for x in slonczewski_coefficients(polarization=polarization))
    r = mstudies.slonczewski_angular_peak(polarization=polarization)
    assert r["peak_deg"] == pytest.approx(np.degrees(np.arccos(-B / A)), abs=1e-6)
    assert r["eta_AP"] / r["eta_P"] == pytest.approx((A + B) / (A - B), rel=1e-12)


def test_summary_states_the_computed_numbers(links):
    text = " ".join(SUMMARY.read_text().split())
    assert f"by a factor {links.llg_amplification:.2f} $\\pm$ {links.llg_error:.2f}" in text
    assert f"$h(1-j/j_c)$, exact for this geometry, gives {links.llg_boltzmann:.2f}" in text
    r = mstudies.slonczewski_angular_peak(polarization=0.35)
    assert f"largest at $\\theta=$ {r['peak_deg']:.1f}°" in text
    assert f"$\\eta$ at AP is {r['eta_AP'] / r['eta_P']:.2f} times $\\eta$ at P" in text


def test_chapter_pages_open_and_close_with_their_place_in_the_whole():
    """Every chapter's first section says where it sits; its last sections (before the speed note and
    the references) link it to the others, naming every other chapter."""
    chapters = [(ROOT / "book/torque/index.md", SUMMARY)] + [
        (ROOT / f"book/{t}/index.md", closing_page(t))
        for t in ("magnon_transport", "manybody", "nanomagnet", "activation", "thermal")]
    # chapters 1-5 name each other; chapter 6 and the chapters it builds on (1, 4, 5) name each other
    must_name = {1: {2, 3, 4, 5, 6}, 2: {1, 3, 4, 5}, 3: {1, 2, 4, 5}, 4: {1, 2, 3, 5, 6},
                 5: {1, 2, 3, 4, 6}, 6: {1, 4, 5}}
    for number, (page, close) in enumerate(chapters, start=1):
        headings = re.findall(r"^## (.+)$", page.read_text(), flags=re.M)
        assert headings[0] == "Where this chapter sits", page
        text = close.read_text()
        closing = re.findall(r"^## (.+)$", text, flags=re.M)
        assert "Links to the other chapters" in closing[-3:], close
        links = text.split("## Links to the other chapters", 1)[1].split("\n## ", 1)[0]
        others = must_name[number]
        named = {int(n) for n in re.findall(r"[Cc]hapters? (\d)", links)}
        named |= {int(n) for n in re.findall(r"[Cc]hapters \d and (\d)", links)}
        assert others <= named | {number}, (close, sorted(others - named))


def test_intro_map_links_every_chapter_and_every_join():
    text = INTRO.read_text()
    assert "in preparation" not in text
    for doc in ("torque/index", "magnon_transport/index", "manybody/index", "nanomagnet/index",
                "activation/index"):
        assert f"<{doc}>`" in text, doc
    row5 = next(line for line in text.splitlines() if line.startswith("| 5 |"))
    assert r"E_a \gg k_B T" in row5 and "comparable" not in row5
    joins = text.split("### How the chapters join", 1)[1].split("\n\n")[2]
    rows = [line for line in joins.splitlines() if line.startswith("|")][2:]
    assert len(rows) >= 5
    for row in rows:
        assert re.search(r"\{(doc|ref)\}`", row.split("|")[-2]), row
    pairs = {tuple(re.findall(r"\d", row.split("|")[2])) for row in rows}
    assert {("3", "1"), ("3", "2"), ("4", "1"), ("4", "5"), ("5", "1")} <= pairs


def test_intro_says_where_the_static_sliders_are():
    """The intro says the sliders sit above the figure: check it on the static HTML itself."""
    def setup():
        fig, ax = new_figure()
        (line,) = ax.plot([0, 1], [0, 0], animated=True)
        return fig, lambda data, **values: line.set_ydata([data, data])

    view = Explorer(controls=[Slider("a", 0.0, 1.0, 0.5, 0.0, label="a")], compute=lambda a: a,
                    setup=setup).static_html()
    assert view.index('class="sx-controls"') < view.index('class="sx-frame"')
    assert "sliders sit *above* the\n  figure" in INTRO.read_text()
    assert "under them" not in INTRO.read_text()


@settings(max_examples=40, deadline=None)
@given(polarization=st.floats(1e-6, 1 - 1e-7))
def test_slonczewski_peak_is_finite_and_beyond_ninety_degrees(polarization):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = mstudies.slonczewski_angular_peak(polarization=polarization, n=2001)
    assert 90.0 < r["peak_deg"] < 180.0
    assert np.isfinite(r["ratio_at_peak"]) and r["ratio_at_peak"] >= 1.0 - 1e-9


@pytest.mark.parametrize("bad", [np.nan, np.inf, True, "0.3", None, 0.0, 1.0, 1 + 0j, [0.3, 0.4]])
def test_slonczewski_peak_refuses_bad_polarization(bad):
    with pytest.raises((SpinlibInputError, TypeError), match="polarization"):
        mstudies.slonczewski_angular_peak(polarization=bad)


@pytest.mark.parametrize("bad", [np.nan, np.inf, True, "0.5", None, 0.0, 1.0, -0.5])
def test_chapter_links_refuses_bad_fraction(bad):
    with pytest.raises((SpinlibInputError, TypeError), match="fraction"):
        tstudies.chapter_links(fraction=bad, samples=20)
