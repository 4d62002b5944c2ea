from tests.cases.conftest import org  # noqa: F401  (the demo organization fixture)
