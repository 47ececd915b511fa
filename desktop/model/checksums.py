"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "170cfeb8b1507ba340c7b5065a95ce0d4da265be4907ef1c20195b5c1b1a3458",
    "evidence.json": "e3552b48b4c11fca380742286ca5b9f384202faf4638c63af1f090820897d301",
    "mayo2023.json": "ae1320558400a4703a4fb8b3b0f3cfe8fd8d2783fb5eb12f7f37edaaf3a8e72b",
    "mayo2023_derived.json": "1801cb5f79003ec1dcf9c9473f443b8c4f3e0787d57c339649f3a22ee2c7b8aa",
    "mayo2023_derived.npy": "1717d8ff96a65cb1fecac730024e0e73d741bd3c4f2337f8a176dfcf564ac480",
}
