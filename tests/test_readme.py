"""The README's two set-up commands stay true: CI runs the same test command."""

from conftest import ROOT


def _setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_starts_with_two_commands():
    run_app, run_tests = _setup_commands()
    assert run_app.endswith("streamlit run app.py")
    assert "pytest" in run_tests


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = _setup_commands()[1]
    assert any(line.strip().endswith(test_command.split(" && ")[-1]) for line in ci.splitlines())
    assert test_command.replace(" -q", "") in ci.replace(" -q", "")
