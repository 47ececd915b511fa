"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "18c2b261708a4c788503e05928fc2a83329f73767d043b2e6779db6e3be4a6a4",
    "evidence.json": "5fedb640e3c4f06a911b65837c82292808ecce970f11f145e6df118e462cfdd6",
    "mayo2023.json": "ae1320558400a4703a4fb8b3b0f3cfe8fd8d2783fb5eb12f7f37edaaf3a8e72b",
    "mayo2023_derived.json": "1801cb5f79003ec1dcf9c9473f443b8c4f3e0787d57c339649f3a22ee2c7b8aa",
}
