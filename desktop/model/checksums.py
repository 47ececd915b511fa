"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "06cb8d6932f21c1e6ebdf60004ab64e470160df768e03f807713dc762ec53c20",
    "evidence.json": "adf2e51764179620d551d95df6de6646b7b159ba933403b053332df5d03dc20d",
    "mayo2023.json": "33f0711a4b131c2e8b454b41266179786457d78098355456660fcf4f479f9b06",
    "mayo2023_derived.json": "6a55c864e57483e6060270df3ca621a6e015c87e17fddfd6c711f69110166e44",
}
