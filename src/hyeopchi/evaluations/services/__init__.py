"""Every write to evaluation rounds, by sub-domain: frameworks, rounds, assignment (conflicts,
the committed-seed draw), scoring (ratings, consensus, data figures) and results (versions,
appeals, finalising, replay).

The public names are re-exported here, so callers import ``services`` and need not know the
sub-module.
"""

from hyeopchi.evaluations.services._common import OFFICE_ONLY
from hyeopchi.evaluations.services.applications import (
    AGE_BANDS,
    GENDERS,
    accepts_applications,
    age_band_of,
    apply_to_panel,
    purge_applicants_not_drawn,
)
from hyeopchi.evaluations.services.assignment import (
    commit_seed,
    decide_conflict,
    declare_conflict,
    detect_conflicts,
    draw_citizens,
    run_draw,
)
from hyeopchi.evaluations.services.frameworks import (
    change_framework,
    create_framework,
    new_framework_version,
    publish_framework,
)
from hyeopchi.evaluations.services.materials import MATERIALS_OPEN, MAX_MATERIALS, add_material
from hyeopchi.evaluations.services.results import (
    compute_preview,
    decide_appeal,
    file_appeal,
    finalise,
    publish_provisional,
    replay,
)
from hyeopchi.evaluations.services.rounds import (
    CALENDAR_FIELDS,
    EvaluatorEntry,
    TargetSpec,
    add_evaluators,
    change_rules,
    create_round,
    create_round_from_files,
    enrol_targets,
    import_evaluators,
    move_round,
    set_calendar,
)
from hyeopchi.evaluations.services.scoring import (
    enter_consensus,
    figures_from_tasks,
    import_ratings,
    save_rating,
    save_score_sheet,
    set_figures,
)

__all__ = [
    "MATERIALS_OPEN",
    "MAX_MATERIALS",
    "add_material",
    "AGE_BANDS",
    "GENDERS",
    "accepts_applications",
    "age_band_of",
    "apply_to_panel",
    "purge_applicants_not_drawn",
    "CALENDAR_FIELDS",
    "EvaluatorEntry",
    "TargetSpec",
    "add_evaluators",
    "enrol_targets",
    "import_evaluators",
    "OFFICE_ONLY",
    "change_framework",
    "change_rules",
    "commit_seed",
    "compute_preview",
    "create_framework",
    "create_round",
    "create_round_from_files",
    "decide_appeal",
    "decide_conflict",
    "declare_conflict",
    "detect_conflicts",
    "draw_citizens",
    "enter_consensus",
    "figures_from_tasks",
    "file_appeal",
    "finalise",
    "import_ratings",
    "move_round",
    "set_calendar",
    "new_framework_version",
    "publish_framework",
    "publish_provisional",
    "replay",
    "run_draw",
    "save_rating",
    "save_score_sheet",
    "set_figures",
]
