"""What a test may know about time inside a page: which deadlines the page set, never how fast it ran.

A test that sleeps and then looks, or asserts that something happened within N ms, passes or fails with
the machine's load. Instead, ``RECORD_DEADLINES`` (an init script) records the delay of every timer of
1 s or more the page asks for, so a test asserts *which* deadline the runtime set (``3000`` for the
init deadline) and waits for the *state* the deadline leads to, with a generous safety net.
"""

RECORD_DEADLINES = r"""
(function () {
  window.__deadlines = [];
  var schedule = window.setTimeout;
  window.setTimeout = function (callback, delay) {
    if (typeof delay === 'number' && delay >= 1000) window.__deadlines.push(delay);
    return schedule.apply(window, arguments);
  };
})();
"""


def deadlines(page) -> list[int]:
    """The delays (ms) of the timers of 1 s or more the page has set so far, in order."""
    return page.evaluate("window.__deadlines || []")
