"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "ee1e0d2bf78ce7dec28f02507e8e9dbb5542b4b8cc88f1e3950f57bcbf7bfbe2",
    "evidence.json": "3fd5e784bf8e1ef3db9cc97b1bdd7d5b5848f84e5600707cceea90f1ca7252d3",
    "mayo2023.json": "ea126737af630b5cb7167bd1e5dcc8ff021b20691c7d7d4f12f107efa459c79e",
    "mayo2023_derived.json": "58bfa9ea9c8b4f72bc33477a79641b7ca8afda610df5d8a721cdab5b8890c7ea",
}
