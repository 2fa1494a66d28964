"""What a person sees, on every page of every role of the demo, in Spanish at
1366×768 and 390×844: one test per role and width, failing with the list of
pages and what is wrong on each.

On every page axe-core finds no serious or critical violation, and no form
control, button or table cell has an empty box, lies outside the page's width
(unless it is inside a box that scrolls sideways, a table wrapper), or sits
under another element; nor does the page itself scroll sideways. With the
environment variable SCREENSHOTS naming a folder (``make screenshots``), each
page is also saved there as ``<role>-<page>-<width>.png`` for people to look at.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from objectives.models import ThematicArea
from reviews import demo, selectors
from reviews.models import (
    Answer,
    FocalPoint,
    GoodPractice,
    Input,
    Institution,
    InstitutionRequest,
    NationalReview,
    NationalText,
    Programme,
    ReviewCycle,
)
from tests.browser.conftest import AXE, BLOCKING_IMPACTS

WIDTHS = {1366: 768, 390: 844}

# Roles of the demo (reviews/demo.py): the test id and the screenshot names use the key.
ROLES = {
    "administrator": "admin",
    "coordinator-gt": "coordinador.gt",
    "focal-igm": "igm.gt",
    "focal-renap": "renap.gt",
    "coordinator-mx": "coordinador.mx",
    "regional-reviewer": "revisor.lac",
    "anonymous": None,
}

# The checks, run in the page. Elements hidden on purpose are not looked at:
# display:none or visibility:hidden (checkVisibility), inside a closed
# <details>, visually hidden for screen readers (1×1 px by design), or the
# input of a Bootstrap toggle button (its label is what is seen).
CHECKS = """
() => {
  const root = document.documentElement;
  const vw = root.clientWidth, vh = window.innerHeight;
  const problems = [];
  const scrollsSideways = (el) => {
    const style = getComputedStyle(el);
    return ['auto', 'scroll'].includes(style.overflowX);
  };
  const wrappers = (el) => {
    const found = [];
    for (let a = el.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
      if (scrollsSideways(a)) found.push(a);
    }
    return found;
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.getAttribute('name')) s += `[name="${el.getAttribute('name')}"]`;
    const classes = [...el.classList].slice(0, 3);
    if (classes.length) s += '.' + classes.join('.');
    const label = (el.labels && el.labels[0] && el.labels[0].innerText)
      || el.getAttribute('aria-label') || el.innerText || el.value || el.placeholder || '';
    const text = String(label).replace(/\\s+/g, ' ').trim().slice(0, 40);
    if (text) s += ` "${text}"`;
    const named = el.parentElement && el.parentElement.closest('[id]');
    if (named && named !== document.body) s += ` in #${named.id}`;
    return s;
  };
  const box = (r) => ({
    x: Math.round(r.left + window.scrollX), y: Math.round(r.top + window.scrollY),
    w: Math.round(r.width), h: Math.round(r.height),
  });
  // Visually hidden for screen readers: clipped to nothing (Bootstrap's
  // .visually-hidden, the head of a table stacked on a phone, select2's select).
  const clippedAway = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (['absolute', 'fixed'].includes(style.position) && style.clip !== 'auto') return true;
    }
    return false;
  };
  const hiddenOnPurpose = (el) =>
    !el.checkVisibility({checkVisibilityCSS: true})
    || el.closest('.visually-hidden, .visually-hidden-focusable, .btn-check, [hidden], template')
    || el.closest('td.original, th.original')  // the admin's inline rows: 0 px by design
    || (el.closest('details:not([open])') && !el.closest('summary'))
    || clippedAway(el);

  const selector = 'input:not([type=hidden]), select, textarea, button, a.btn, td, th';
  const elements = [...document.querySelectorAll(selector)].filter((el) => !hiddenOnPurpose(el));
  window.scrollTo(0, 0);
  const emptyWrappers = new Map();
  const checked = [];
  for (const el of elements) {
    const r = el.getBoundingClientRect();
    const around = wrappers(el);
    if (r.width < 1 || r.height < 1) {
      problems.push({problem: 'empty box', element: describe(el), box: box(r)});
      continue;
    }
    const empty = around.find((w) => {
      const c = w.getBoundingClientRect();
      return c.width < 1 || c.height < 1;
    });
    if (empty) {
      emptyWrappers.set(empty, (emptyWrappers.get(empty) || 0) + 1);
      continue;
    }
    const left = r.left + window.scrollX, right = r.right + window.scrollX;
    if (!around.length && (right > vw + 1 || left < -1)) {
      const problem = `outside the page width (${vw} px)`;
      problems.push({problem, element: describe(el), box: box(r)});
      continue;
    }
    checked.push([el, around]);
  }
  for (const [wrapper, count] of emptyWrappers) {
    problems.push({
      problem: `empty box around ${count} control(s) or cell(s)`,
      element: describe(wrapper), box: box(wrapper.getBoundingClientRect()),
    });
  }
  for (const [el, around] of checked) {
    el.scrollIntoView({block: 'center', inline: 'center'});
    const r = el.getBoundingClientRect();
    let left = Math.max(r.left, 0), right = Math.min(r.right, vw);
    let top = Math.max(r.top, 0), bottom = Math.min(r.bottom, vh);
    for (const w of around) {
      const c = w.getBoundingClientRect();
      left = Math.max(left, c.left); right = Math.min(right, c.right);
      top = Math.max(top, c.top); bottom = Math.min(bottom, c.bottom);
    }
    if (right - left < 1 || bottom - top < 1) continue;  // not in its wrapper's visible area
    // A disabled Bootstrap button ignores the pointer (pointer-events: none) but is seen.
    const before = el.style.pointerEvents;
    el.style.pointerEvents = 'auto';
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    el.style.pointerEvents = before;
    if (!hit || hit === el || el.contains(hit)) continue;
    const label = hit.closest('label');
    if (label && label.control === el) continue;
    problems.push({problem: `covered by ${describe(hit)}`, element: describe(el), box: box(r)});
  }
  window.scrollTo(0, 0);
  if (root.scrollWidth > vw) {
    // The outermost elements that stick out of the page, outside any table wrapper.
    const out = [...document.body.querySelectorAll('*')].filter((el) => {
      if (!el.checkVisibility() || wrappers(el).length) return false;
      const r = el.getBoundingClientRect();
      if (r.right + window.scrollX <= vw + 1) return false;
      const parent = el.parentElement.getBoundingClientRect();
      return parent.right + window.scrollX <= vw + 1;
    });
    problems.push({
      problem: `the page scrolls sideways: ${root.scrollWidth} px wide in ${vw}`,
      element: out.slice(0, 3).map(describe).join('; ') || 'body',
      box: out.length ? box(out[0].getBoundingClientRect()) : null,
    });
  }
  return problems;
}
"""

MAX_LISTED = 8  # problems of one kind listed per page; the rest are counted


@dataclass
class Visit:
    name: str
    url: str
    status: int = 200


def _input_of(request, *, group=None):
    return next(
        i
        for i in selectors.request_inputs(request=request)
        if (i.group_number == group if group else i.unit == "review")
    )


def _review_pages(review) -> list[Visit]:
    pk = review.pk
    visits = [
        Visit("review", reverse("reviews:review", args=[pk])),
        Visit("progress", reverse("reviews:progress", args=[pk])),
    ]
    visits += [
        Visit(f"area-{area.number}", reverse("reviews:consolidate_group", args=[pk, area.number]))
        for area in ThematicArea.objects.order_by("number")
    ]
    visits += [
        Visit(f"objective-{n}", reverse("reviews:consolidate", args=[pk, n])) for n in (1, 21)
    ]
    visits += [
        Visit("cross-cutting", reverse("reviews:report_sections", args=[pk])),
        Visit("analysis", reverse("reviews:analysis", args=[pk])),
        Visit("report", reverse("reviews:report_home", args=[pk])),
        Visit("draft", reverse("reviews:draft", args=[pk])),
    ]
    return visits


def _coordinator_gt_pages() -> list[Visit]:
    review = NationalReview.objects.get(country__iso3="GTM", cycle__status="open")
    pk = review.pk
    igm = Institution.objects.get(country=review.country, acronym="IGM")
    minex = Institution.objects.get(country=review.country, acronym="MINEX")
    text = NationalText.objects.filter(review=review).order_by("pk").first()
    assert text is not None, "the demo's review has no national text"
    minex_request = InstitutionRequest.objects.get(review=review, institution=minex)
    igm_focal = FocalPoint.objects.get(institution=igm, user__username="igm.gt")
    # Carried over from Guatemala's 2020 review, and updated (issue 18).
    igm_area_3 = Input.objects.get(request__review=review, request__institution=igm, group_number=3)
    return [
        Visit("home", reverse("reviews:home")),
        *_review_pages(review),
        Visit("plan", reverse("reviews:plan", args=[pk])),
        Visit("texts-changed", reverse("reviews:review_changes", args=[pk])),
        Visit("igm-area-3-changed", reverse("reviews:input_changes", args=[igm_area_3.pk])),
        Visit("submit", reverse("reviews:review_submit", args=[pk])),
        Visit("text-versions", reverse("reviews:text_versions", args=[pk, text.pk])),
        Visit("review-edit", reverse("reviews:review_edit", args=[pk])),
        Visit("institution-add", reverse("reviews:institution_add", args=[pk])),
        Visit("institution-edit", reverse("reviews:institution_edit", args=[pk, igm.pk])),
        Visit("request-edit", reverse("reviews:request_edit", args=[pk, igm.pk])),
        Visit("invite", reverse("reviews:focal_point_invite", args=[pk, minex.pk])),
        Visit("replace", reverse("reviews:focal_point_replace", args=[pk, igm_focal.pk])),
        Visit("institutions-import", reverse("reviews:institutions_import", args=[pk])),
        Visit("ask-matrix", reverse("reviews:ask_matrix", args=[pk])),
        Visit("accept", reverse("reviews:inputs_accept", args=[pk])),
        Visit("first-draft", reverse("reviews:draft_assemble", args=[pk])),
        # An institution with nobody to answer: the coordinator sees its page and forms.
        Visit("institution-minex", reverse("reviews:institution", args=[minex.pk])),
        Visit("input-minex-area-3", _input_of(minex_request, group=3).get_absolute_url()),
        Visit("password-change", reverse("password_change")),
        *_network_pages(review),
    ]


def _network_pages(review) -> list[Visit]:
    """Pledges, consultations and good practices of the demo's Guatemala."""
    pk = review.pk
    pledge = review.pledges.get()
    consultation = review.consultations.get()
    practice = GoodPractice.objects.get(programme__request__review=review)
    igm_input = _input_of(practice.programme.request, group=3)
    return [
        Visit("network", reverse("reviews:network", args=[pk])),
        Visit("pledge-add", reverse("reviews:pledge_add", args=[pk])),
        Visit("pledge-edit", reverse("reviews:pledge_edit", args=[pk, pledge.pk])),
        Visit("consultation-add", reverse("reviews:consultation_add", args=[pk])),
        Visit(
            "consultation-edit", reverse("reviews:consultation_edit", args=[pk, consultation.pk])
        ),
        Visit("good-practices", reverse("reviews:good_practices", args=[pk])),
        Visit(
            "good-practice",
            reverse("reviews:good_practice", args=[igm_input.pk, practice.programme_id]),
        ),
    ]


def _focal_point_pages(username: str) -> list[Visit]:
    focal = FocalPoint.objects.get(user__username=username)
    request = InstitutionRequest.objects.get(
        review__cycle__status="open", institution=focal.institution
    )
    inputs = list(selectors.request_inputs(request=request))
    editable = next(i for i in inputs if Input.objects.get(pk=i.pk).is_editable)
    programme = Programme.objects.filter(request=request).order_by("pk").first()
    answer = Answer.objects.filter(input__request=request).exclude(text="").order_by("pk").first()
    assert programme is not None and answer is not None, "the demo's institution has no answer"
    visits = [
        Visit("home", reverse("reviews:home")),
        Visit("institution", reverse("reviews:institution", args=[focal.institution.pk])),
        Visit("calendar", reverse("reviews:calendar")),
    ]
    visits += [
        Visit(
            f"area-{i.group_number}" if i.group_number else "general-questions",
            i.get_absolute_url(),
        )
        for i in inputs
    ]
    carried = next((i for i in inputs if i.carried_from_id), None)
    if carried is not None:  # what changed since 2020
        visits.append(Visit("changed", reverse("reviews:input_changes", args=[carried.pk])))
    visits += [
        Visit("programme-add", reverse("reviews:programme_add", args=[editable.pk])),
        Visit(
            "programme-edit", reverse("reviews:programme_edit", args=[editable.pk, programme.pk])
        ),
        Visit(
            "answer-versions",
            reverse("reviews:answer_versions", args=[answer.input_id, answer.pk]),
        ),
        Visit("programme-import", reverse("reviews:programme_import", args=[request.pk])),
    ]
    if programme.name == "Programa Te Queremos en Casa":  # IGM's, drafted as a good practice
        visits.append(
            Visit(
                "good-practice",
                reverse("reviews:good_practice", args=[editable.pk, programme.pk]),
            )
        )
    return visits


def _administrator_pages() -> list[Visit]:
    cycle = ReviewCycle.objects.get(slug="lac-regional-review-demo")
    igm = Institution.objects.get(acronym="IGM")
    review = NationalReview.objects.get(country__iso3="GTM", cycle__status="open")
    return [
        Visit("admin", reverse("admin:index")),
        Visit("cycles", reverse("admin:reviews_reviewcycle_changelist")),
        Visit("cycle", reverse("admin:reviews_reviewcycle_change", args=[cycle.pk])),
        Visit("national-review", reverse("admin:reviews_nationalreview_change", args=[review.pk])),
        Visit("institution", reverse("admin:reviews_institution_change", args=[igm.pk])),
        Visit("users", reverse("admin:auth_user_changelist")),
        Visit("objectives", reverse("admin:objectives_objective_changelist")),
        Visit("objectives-import", reverse("admin:objectives_objective_import")),
        Visit("countries-import", reverse("admin:objectives_country_import")),
        Visit("institutions", reverse("admin:reviews_institution_changelist")),
        Visit("institutions-import", reverse("admin:reviews_institution_import")),
        Visit("home", reverse("reviews:home")),
        Visit("portal", reverse("objectives:home")),
        Visit("translations", reverse("rosetta-file-list", kwargs={"po_filter": "project"})),
        Visit(
            "translations-fr",
            reverse("rosetta-form", kwargs={"po_filter": "project", "lang_id": "fr", "idx": 0}),
        ),
    ]


def _regional_reviewer_pages() -> list[Visit]:
    cycle = ReviewCycle.objects.get(slug="lac-regional-review-demo")
    salvador = NationalReview.objects.get(cycle=cycle, country__iso3="SLV")
    return [
        Visit("home", reverse("reviews:home")),
        Visit("coverage", reverse("reviews:region_coverage", args=[cycle.pk])),
        Visit("compare-7", reverse("reviews:region_compare", args=[cycle.pk, 7])),
        Visit("challenges", reverse("reviews:region_challenges", args=[cycle.pk])),
        Visit("synthesis", reverse("reviews:synthesis", args=[cycle.pk])),
        Visit("synthesis-preview", reverse("reviews:synthesis_preview", args=[cycle.pk])),
        Visit(
            "synthesis-versions",
            reverse("reviews:synthesis_text_versions", args=[cycle.pk, "group-1"]),
        ),
        Visit("slv-review", reverse("reviews:review", args=[salvador.pk])),
        Visit("slv-analysis", reverse("reviews:analysis", args=[salvador.pk])),
        Visit("slv-texts", reverse("reviews:draft", args=[salvador.pk])),
        Visit("slv-report", reverse("reviews:report_home", args=[salvador.pk])),
    ]


def _public_pages() -> list[Visit]:
    return [
        Visit("home", reverse("objectives:home")),
        Visit("home-round-tables", reverse("objectives:home") + "?grouping=round-tables"),
        Visit("objective-21", reverse("objectives:objective", args=[21])),
        Visit("principles", reverse("objectives:guiding_principles")),
        Visit("login", reverse("login")),
        Visit("password-reset", reverse("password_reset")),
        Visit("password-reset-done", reverse("password_reset_done")),
        Visit("not-found", "/no-such-page/", status=404),
        *_published_pages(),
    ]


def _published_pages() -> list[Visit]:
    """The public pages of the demo's one published report (Costa Rica's)."""
    costa_rica = NationalReview.objects.get(country__iso3="CRI")
    return [
        Visit("published", reverse("public:index")),
        Visit("published-country", reverse("public:country", args=["CRI"])),
        Visit("published-report", reverse("public:report", args=[costa_rica.pk, "imrf"])),
        Visit("published-regional", reverse("public:report", args=[costa_rica.pk, "regional"])),
        Visit("published-objective-7", reverse("public:objective", args=[7])),
    ]


def pages_of(role: str) -> list[Visit]:
    if role == "administrator":
        return _administrator_pages()
    if role == "coordinator-gt":
        return _coordinator_gt_pages()
    if role.startswith("focal-"):
        return _focal_point_pages(ROLES[role])
    if role == "coordinator-mx":
        review = NationalReview.objects.get(country__iso3="MEX")
        return [Visit("home", reverse("reviews:home")), *_review_pages(review)[:3]]
    if role == "regional-reviewer":
        return _regional_reviewer_pages()
    return _public_pages()


def _sign_in(page, base_url: str, username: str) -> None:
    """A session made on the server, given to the browser: the login form itself is
    walked among the public pages."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )


def _axe(page) -> list[str]:
    """axe-core's serious and critical violations, as assert_accessible finds them;
    only the violations are asked for, which halves the time of each run."""
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(AXE.read_text())  # through DevTools: the CSP forbids inline scripts
    violations = page.evaluate(
        "async () => (await axe.run(document, {preload: false, resultTypes: ['violations'], "
        "runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})).violations"
    )
    page.checked_urls.add(page.url)
    return [
        f"axe-core {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


def _visit(page, visit: Visit, shots: Path | None, label: str, console: list[str]) -> list[str]:
    """Load one page; return what is wrong on it, one line each."""
    console.clear()
    response = page.goto(visit.url)
    page.wait_for_load_state("load")
    found = []
    status = response.status if response else None
    if status != visit.status:
        found.append(f"HTTP {status}, not {visit.status}")
    if shots:
        # caret="initial": hiding the caret would add a <style> the portal's CSP refuses.
        page.screenshot(path=shots / f"{label}.png", full_page=True, caret="initial")
    found += _axe(page)
    kinds: dict[str, int] = {}
    for problem in page.evaluate(CHECKS):
        kind = problem["problem"].split(" by ")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        if kinds[kind] <= MAX_LISTED:
            where = problem["box"]
            at = f" at x={where['x']} y={where['y']}, {where['w']}×{where['h']}" if where else ""
            found.append(f"{problem['problem']}: {problem['element']}{at}")
    found += [f"… and {n - MAX_LISTED} more: {kind}" for kind, n in kinds.items() if n > MAX_LISTED]
    found += [f"the Content-Security-Policy blocked: {text}" for text in sorted(set(console))]
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_role_can_be_seen_and_used(page, live_server, settings, role, width):
    # The demo publishes Costa Rica's report, which queues its four PDFs: the walk
    # looks at pages, not at PDFs being written (a minute of the suite, 15 walks × 4).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    demo.load_demo_data()
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    if ROLES[role]:
        _sign_in(page, live_server.url, ROLES[role])
    shots = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    console: list[str] = []

    def blocked(message) -> None:  # what the CSP refused, and in which script
        if "Content Security Policy" in message.text:
            where = message.location.get("url") or "the page"
            console.append(f"{message.text.split(' violates ')[0]} ({where})")

    page.on("console", blocked)
    report = {}
    for visit in pages_of(role):
        found = _visit(page, visit, shots, f"{role}-{visit.name}-{width}", console)
        if found:
            report[f"{visit.name} ({visit.url})"] = found
    # The fixture runs axe-core once more on the last page: not to repeat a failure.
    page.set_content('<html lang="es"><title>Fin</title><main><h1>Fin</h1></main></html>')
    assert not report, f"{role} at {width} px: {len(report)} page(s) with problems\n" + "\n".join(
        f"* {name}\n" + "\n".join(f"    - {line}" for line in lines)
        for name, lines in report.items()
    )


# What the checks must find, and what they must leave alone, on a page made for them:
# the statistics table of issue 13 (a wrapper 0 px wide beside a floated legend),
# a box pushed off the page, a button under a banner; and, not to be reported, a
# visually hidden box, one in a closed <details>, a wide cell in a table wrapper.
KNOWN_DEFECTS = """<!doctype html><html lang="en"><head><title>Checks</title><style>
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                     clip: rect(0, 0, 0, 0); }
  legend { float: left; width: 100%; }
  .table-responsive { overflow-x: auto; display: inline-block; width: 0; }
  .cover { position: absolute; inset: 0; background: #fff; }
</style></head><body><main><h1>Checks</h1>
  <fieldset><legend>Statistics</legend><div class="table-responsive"><table>
    <tr><th scope="col">Indicator</th></tr>
    <tr><td><input aria-label="Indicator (row 1)"></td></tr>
  </table></div></fieldset>
  <input id="pushed" aria-label="Pushed" style="margin-left: 1400px">
  <div style="position: relative">
    <button id="under">Under</button><div class="cover">Banner</div>
  </div>
  <span class="visually-hidden"><input aria-label="Hidden on purpose"></span>
  <details><summary>More</summary><input aria-label="In a closed details"></details>
  <div style="overflow-x: auto; width: 200px"><table><tr>
    <td style="min-width: 900px">A wide cell in its wrapper</td></tr></table></div>
</main></body></html>"""


def test_the_checks_find_what_a_person_could_not_see(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content(KNOWN_DEFECTS)
    found = sorted(f"{p['problem']}: {p['element']}" for p in page.evaluate(CHECKS))
    page.set_content('<html lang="en"><title>End</title><main><h1>End</h1></main></html>')
    expected = [
        'covered by div.cover "Banner": button#under "Under"',
        'empty box around 3 control(s) or cell(s): div.table-responsive "Indicator"',
        'outside the page width (390 px): input#pushed "Pushed"',
        "the page scrolls sideways: ",  # then its width, and what sticks out: input#pushed
    ]
    assert len(found) == len(expected), found
    assert all(f.startswith(e) for f, e in zip(found, expected, strict=True)), found
    assert found[-1].endswith('input#pushed "Pushed"'), found
