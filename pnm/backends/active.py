"""The backends of the active ``with`` blocks, innermost last (current_backend reads it)."""

ACTIVE: list = []


def innermost():
    return ACTIVE[-1] if ACTIVE else None


def enter_backend(backend) -> None:
    ACTIVE.append(backend)


def exit_backend(backend) -> None:
    if backend in ACTIVE:
        # remove the innermost occurrence: blocks close in reverse order
        del ACTIVE[len(ACTIVE) - 1 - ACTIVE[::-1].index(backend)]
