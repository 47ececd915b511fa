"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "ea6007451560f14eda17176057d01acac4c5d99be0f4747c53eaf4a327dac1f6",
    "evidence.json": "05a18139ae613bc39d919da85578246aa62e16e3bcb343f6c51bc383e1289042",
    "mayo2023.json": "ea126737af630b5cb7167bd1e5dcc8ff021b20691c7d7d4f12f107efa459c79e",
    "mayo2023_derived.json": "58bfa9ea9c8b4f72bc33477a79641b7ca8afda610df5d8a721cdab5b8890c7ea",
}
