"""A phone (390 × 844, touch, a phone's browser): no page scrolls sideways, and the sidebar
gets out of the way once a page is chosen."""

import pytest
from e2e.live import settle
from e2e.test_browser import PAGES

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
}
# Streamlit scrolls the main area, not the document: each must fit the screen's width.
WIDTHS = """() => [document.documentElement, document.body,
    document.querySelector('[data-testid="stMain"]')].map(e => e.scrollWidth)"""
# Charts draw after the script ends. One in a closed expander or tab is not laid out, takes no
# width and draws only when opened, so only the charts on screen are waited for.
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(chart => chart.offsetParent !== null)
    .every(chart => chart.querySelector('canvas, svg'))"""
COLLAPSED = """document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed')"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context
    context.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(server, phone, path):
    page = phone.new_page()
    page.goto(f"{server}/{path}")
    settle(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    widths = page.evaluate(WIDTHS)
    assert max(widths) <= 390, f"/{path} is {widths} px wide on a 390 px screen"
    page.close()


def test_the_sidebar_starts_closed_and_closes_after_choosing_a_page(server, phone):
    page = phone.new_page()
    page.goto(server)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_attribute("data-collapsed") == "true"
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function(f"() => {COLLAPSED} === 'false'")
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Goals", exact=True).click()
    page.get_by_role("heading", name="Goals", exact=True).wait_for(timeout=30_000)
    settle(page)
    page.wait_for_function(f"() => {COLLAPSED} === 'true'", timeout=10_000)
    page.close()
