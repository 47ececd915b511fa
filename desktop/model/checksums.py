"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "779c9f29360b5a4bc2cf901983cc9e64eeacb2e7dc6b3fe633c7cde3b0245022",
    "evidence.json": "c09710ac6ad780508343e364f1ee9b886f335fbf5973595f11123d1b7f9eb6bf",
    "mayo2023.json": "33f0711a4b131c2e8b454b41266179786457d78098355456660fcf4f479f9b06",
    "mayo2023_derived.json": "6a55c864e57483e6060270df3ca621a6e015c87e17fddfd6c711f69110166e44",
}
