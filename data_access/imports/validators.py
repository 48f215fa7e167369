"""Which validator and which insert defaults belong to each kind of import."""
from __future__ import annotations

from typing import Any, Callable

from data_access.imports.action_rows import HANDLING_INSERT_DEFAULTS, validate_handling_action
from data_access.imports.incident_rows import INCIDENT_INSERT_DEFAULTS, validate_incident
from data_access.imports.kinds import HANDLING_ACTIONS, INCIDENTS, INDICATOR_DEFINITIONS, INDICATOR_VALUES
from data_access.imports.rowcheck import Context, Report
from data_access.imports.value_rows import DEFINITION_INSERT_DEFAULTS, validate_definition, validate_indicator_value

VALIDATORS: dict[str, Callable[[dict[str, str], Context, Report], dict[str, Any]]] = {
    INCIDENTS: validate_incident,
    INDICATOR_VALUES: validate_indicator_value,
    HANDLING_ACTIONS: validate_handling_action,
    INDICATOR_DEFINITIONS: validate_definition,
}

INSERT_DEFAULTS: dict[str, dict[str, Any]] = {
    INCIDENTS: INCIDENT_INSERT_DEFAULTS,
    INDICATOR_VALUES: {},
    HANDLING_ACTIONS: HANDLING_INSERT_DEFAULTS,
    INDICATOR_DEFINITIONS: DEFINITION_INSERT_DEFAULTS,
}
