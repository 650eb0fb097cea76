"""Accessibility checks with axe-core, injected into the page from the vendored copy."""

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """The rules axe-core finds violated on the page as it is now (WCAG 2 A/AA, best practice)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's devtools channel: the page's
        # Content-Security-Policy refuses an injected inline <script>, as it should.
        page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_no_serious_a11y_violations(page) -> None:
    """Fail with a readable list when axe-core finds a serious or critical violation."""
    violations = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    assert not violations, (
        f"axe-core found serious or critical accessibility violations on {page.url}:\n"
        + describe(violations)
    )
