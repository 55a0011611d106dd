// `paddock doctor`'s probe: tries each kernel facility a run uses, in a
// forked child that exits afterwards, so nothing of the trial stays with
// paddock. The verdicts and fixes are plan/doctor_report.h's.
#pragma once

#include <string>

#include "plan/doctor_report.h"

namespace paddock::jail {

// The facts of this host for the invoking user; `project_dir` is where a
// root run would idmap the project.
plan::DoctorFacts ProbeLayers(const std::string& project_dir);

}  // namespace paddock::jail
