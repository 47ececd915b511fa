"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "2ae584fab0b1d44e697c47aff76d73667d0c0452db8615beb5d3c82a9ef8c66e",
    "evidence.json": "815f2bb989230c1cf6f953be772630ac88c965d665ae1a21f01cf861f2d8b289",
    "mayo2023.json": "ea126737af630b5cb7167bd1e5dcc8ff021b20691c7d7d4f12f107efa459c79e",
    "mayo2023_derived.json": "58bfa9ea9c8b4f72bc33477a79641b7ca8afda610df5d8a721cdab5b8890c7ea",
}
