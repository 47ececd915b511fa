"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "35aa26874c0e0044aba38918e70bbd96d15faa156f34458fa3b7f87ee3c4a55d",
    "evidence.json": "3fd5e784bf8e1ef3db9cc97b1bdd7d5b5848f84e5600707cceea90f1ca7252d3",
    "mayo2023.json": "ae1320558400a4703a4fb8b3b0f3cfe8fd8d2783fb5eb12f7f37edaaf3a8e72b",
    "mayo2023_derived.json": "1801cb5f79003ec1dcf9c9473f443b8c4f3e0787d57c339649f3a22ee2c7b8aa",
}
