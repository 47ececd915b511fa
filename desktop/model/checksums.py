"""Expected sha256 of every shipped parameter file.

Written by ``python -m desktop.model.derive`` (which also writes the derived file);
a test proves these match the files. A parameter file whose sha256 differs from
the value here is refused: nothing is predicted from an altered file.
"""

EXPECTED_SHA256 = {
    "era_scenario.json": "ca6cc725c91c6ae9550a1d83e2850ecddb9729204b01e72b91511b572a2cb46d",
    "evidence.json": "8e984d0df79d726fd02060b2c7d19cc1e4af7fd88047590dd5d77647ed4e4896",
    "mayo2023.json": "bdd4c882e89168c71fc89ba665dc93b1307880dfa0d003b244faabfe697ec12e",
    "mayo2023_derived.json": "3cf9321a2302dfcb1a613d8e94a9830d5165eb425b2c663aca80f00fe37367fa",
}
