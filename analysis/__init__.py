"""Coverage forensics: source overlap, figure discrepancies and timelines over a news corpus."""

__version__ = "0.1.0"


def _import_inflect_uninstrumented() -> None:
    """Import ``inflect`` (singular forms of counted nouns, :mod:`analysis.quantities`) without
    ``typeguard`` instrumenting it.

    inflect decorates its methods with ``typeguard.typechecked``, which re-reads and re-compiles
    inflect's source for each of them at import: about 2 s of CPU in every process that imports
    the package (each Dask worker too), and a type check on every call after.  Python run with
    ``-O`` skips that instrumentation (``typechecked`` returns its target unchanged); this does
    the same for inflect alone, for the time of its import.  Its results are the same: the checks
    only raise on arguments of the wrong type."""
    import sys

    if "inflect" in sys.modules:
        return
    try:
        import typeguard
    except ImportError:  # an inflect without typeguard: nothing to skip
        return
    checked = typeguard.typechecked

    def unchecked(target=None, **_options):
        return target if target is not None else (lambda t: t)

    typeguard.typechecked = unchecked
    try:
        import inflect  # noqa: F401
    finally:
        typeguard.typechecked = checked


_import_inflect_uninstrumented()
