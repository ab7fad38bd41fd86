"""axe-core in Playwright: the accessibility check the browser tests share.

axe-core comes from PyPI's ``axe-selenium-python``, which ships ``axe.min.js``; it is injected into a
Playwright page (or frame) and run there, so no Selenium driver is needed. ``serious_violations``
returns the violations of impact ``serious`` or ``critical`` as short, readable strings (rule id, impact,
the first few target selectors), so an assertion failure says what to fix.
"""

from __future__ import annotations

from pathlib import Path

import axe_selenium_python

AXE_JS = (Path(axe_selenium_python.__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js").read_text()

BLOCKING = ("serious", "critical")


def run_axe(target, options: dict | None = None) -> dict:
    """Runs axe-core in a Playwright ``Page`` or ``Frame`` and returns its raw result."""
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.evaluate(AXE_JS)
    return target.evaluate("(options) => window.axe.run(document, options || {})", options or {})


def serious_violations(target, options: dict | None = None) -> list[str]:
    """The serious and critical violations in ``target``, each as 'rule (impact): selectors'."""
    result = run_axe(target, options)
    found = []
    for violation in result["violations"]:
        if violation.get("impact") not in BLOCKING:
            continue
        nodes = [", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                 for node in violation["nodes"][:5]]
        found.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): {'; '.join(nodes)}")
    return found
