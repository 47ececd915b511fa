"""The model layer: numpy only, no Qt, no plotting, no lifelines.

Public API::

    from desktop.model import load_params, validate_case, predict, predict_batch
"""

from desktop.model.case import Case, CaseError, validate_case
from desktop.model.params import ModelParams, ParameterError, load_params
from desktop.model.survival import (
    BatchPrediction, Curve, Prediction, predict, predict_batch, predict_with_scenarios, prediction_from_batch,
    survival_scenarios,
)

__all__ = [
    "Case",
    "CaseError",
    "validate_case",
    "ModelParams",
    "ParameterError",
    "load_params",
    "Curve",
    "Prediction",
    "BatchPrediction",
    "predict",
    "predict_batch",
    "predict_with_scenarios",
    "prediction_from_batch",
    "survival_scenarios",
]
