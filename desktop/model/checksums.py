"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "4974b39bdfec37a522ee143d7bf3e46a1aee833425218c3e88641398cfbe117f",
    "evidence.json": "47521d32a7f180573c06ac4a5476b9464f4d2724a18c4b485cd4aa0d64bc804f",
    "mayo2023.json": "bdd4c882e89168c71fc89ba665dc93b1307880dfa0d003b244faabfe697ec12e",
    "mayo2023_derived.json": "3cf9321a2302dfcb1a613d8e94a9830d5165eb425b2c663aca80f00fe37367fa",
}
