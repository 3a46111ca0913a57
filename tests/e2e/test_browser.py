"""End to end: `streamlit run app.py` in a subprocess, every page opened in system Chromium."""

import pytest
from e2e.live import serve, settle

pytestmark = pytest.mark.browser

PAGES = {
    "": "Programme health",
    "participation": "Participation",
    "goals": "Goals",
    "managers": "Operational managers",
    "obstacles": "Obstacles",
    "successes": "Successes & risks",
    "data": "Data",
}


@pytest.mark.parametrize("path,heading", PAGES.items())
def test_page_renders_without_exception(server, browser, path, heading, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/{path}")
    settle(page)
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(tmp_path / f"{path or 'overview'}.png"), full_page=True)
    page.close()


def test_overview_shows_kpis_and_a_chart(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server)
    settle(page)
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    for label in ("Uptake", "Session adherence", "Goal completion", "Satisfaction"):
        assert any(label in text for text in labels), labels
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values and all(v.strip() not in ("", "—") for v in values), values
    page.locator(
        '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    ).first.wait_for(timeout=30_000)
    page.close()


def test_department_in_url_filters_the_overview(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?dept=Operations")
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Operations" in sidebar.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_clicking_a_heatmap_cell_filters_the_obstacle_log(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/obstacles")
    settle(page)
    cell = (
        page.locator('[data-testid="stVegaLiteChart"]')
        .first.locator(
            '[role="graphics-symbol"]'
            '[aria-label^="category_label: Resistance to change; department: Operations;"]'
        )
        .first
    )
    count = int(cell.get_attribute("aria-label").split("Obstacles: ")[1].split(";")[0])
    box = cell.bounding_box()
    # The click lands on the cell's number, as a user's would.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Showing the cell").wait_for(timeout=30_000)
    settle(page)
    assert "Operations · Resistance to change" in page.get_by_text("Showing the cell").inner_text()
    shown = page.get_by_text("obstacles. Descriptions are never shown.").inner_text()
    assert shown.startswith(f"{count} of "), shown
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def _bar(page, label: str):
    """A row of a clickable rate chart, found by its SVG aria label (the y-axis label)."""
    bars = '[data-testid="stVegaLiteChart"] [aria-roledescription="bar"]'
    return page.locator(f'{bars}[aria-label*="label: {label};"]').first


def test_clicking_a_department_bar_shows_its_managers(server, browser, demo_db):
    from dashboard.people import manager_labels
    from dashboard.sources.sql_mapping import SqlSettings
    from dashboard.sources.sql_read import SqlSource

    data = SqlSource(f"sqlite:///{demo_db}", SqlSettings()).load().data
    ops = data.employees[data.employees["department"] == "Operations"]
    ops_managers = set(manager_labels(data.employees).loc[ops["manager_id"].dropna().unique()])

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server)
    settle(page)
    page.get_by_role("link", name="Participation").click()
    page.get_by_role("heading", name="Uptake by department").wait_for(timeout=30_000)
    settle(page)
    _bar(page, "Operations").click()
    page.get_by_role("heading", name="Uptake by manager's team in Operations").wait_for(
        timeout=30_000
    )
    settle(page)
    assert "drill_dept=Operations" in page.url
    bars = page.locator('[data-testid="stVegaLiteChart"] [aria-roledescription="bar"]')
    shown = {
        label.split("label: ")[1].split(";")[0]
        for label in bars.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        if label.startswith("Uptake")
    }
    assert shown and shown <= ops_managers, shown - ops_managers

    # Deeper: a manager's team (any row, even a 0 % one, can be clicked), then back up.
    first = sorted(shown)[0]
    _bar(page, first).click()
    page.get_by_role("heading", name=f"Team of {first}").wait_for(timeout=30_000)
    assert "drill_mgr=" in page.url
    page.get_by_role("button", name="All departments").click()
    page.get_by_role("heading", name="Uptake by department").wait_for(timeout=30_000)
    assert "drill_dept" not in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_uploading_a_file_on_the_data_page(server, browser, tmp_path):
    from dashboard.template import template_workbook

    workbook = tmp_path / "programme.xlsx"
    workbook.write_bytes(template_workbook())
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server)
    settle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Data", exact=True).click()
    page.get_by_role("heading", name="Data", exact=True).wait_for(timeout=30_000)
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(workbook)
    page.get_by_role("heading", name="Validation report").wait_for(timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "All 14 rows loaded." in page.locator('[data-testid="stMain"]').inner_text()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Source: Uploaded files: programme.xlsx").wait_for(timeout=30_000)
    page.close()


def test_bookmarked_page_works_as_the_first_request_to_a_fresh_server(demo_db, browser):
    with serve(demo_db) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/managers?dept=Operations")
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.get_by_role("heading", name="Operational managers", exact=True).wait_for(
            timeout=30_000
        )
        page.close()


def test_an_upload_survives_a_reload_and_stays_in_its_browser(server, browser, tmp_path):
    from dashboard.template import template_workbook

    workbook = tmp_path / "kept.xlsx"
    workbook.write_bytes(template_workbook())
    owner = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = owner.new_page()
    page.goto(server)
    settle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Data", exact=True).click()
    page.get_by_role("heading", name="Data", exact=True).wait_for(timeout=30_000)
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(workbook)
    page.get_by_role("heading", name="Validation report").wait_for(timeout=60_000)
    settle(page)
    assert "upload=" in page.url
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Overview", exact=True).click()
    page.get_by_role("heading", name="Programme health").wait_for(timeout=30_000)
    settle(page)
    assert "upload=" in page.url  # kept across pages
    page.reload()
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Source: Uploaded files: kept.xlsx").wait_for(timeout=30_000)
    link = page.url
    # The same link in another browser (other cookies) does not open the upload.
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(link)
    settle(other)
    text = other.locator('[data-testid="stSidebar"]').inner_text()
    assert "uploads are never shared" in text and "Uploaded files: kept.xlsx" not in text
    assert "upload=" not in other.url
    other.context.close()
    owner.close()
