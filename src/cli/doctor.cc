// `paddock doctor [--json] [--project DIR]`: which layers this host can
// enforce for the invoking user, why not and the exact fix (verdicts:
// plan/doctor_report.h, probe: jail/layer_probe.h); and whether the config
// files and Claude Code settings a run in DIR would read are valid.
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/config_files.h"
#include "cli/self_path.h"
#include "cli/settings_files.h"
#include "cli/settings_inputs.h"
#include "cli/terminal.h"
#include "jail/host_probe.h"
#include "jail/layer_probe.h"
#include "plan/doctor_report.h"
#include "rules/settings.h"

namespace paddock::cli {
namespace {

using plan::DoctorStatus;

// One Claude Code settings file and what is wrong with it.
struct SettingsCheck {
  std::string path;
  std::vector<std::string> errors;    // cannot be read, not JSON: the file is ignored (or fails closed)
  std::vector<std::string> warnings;  // rules that are ignored, and why
};

// The settings a hook in `project` would read, per file. LoadSettings
// prefixes every error and warning with the file it is about.
std::vector<SettingsCheck> CheckSettings(const std::string& project) {
  rules::LoadedSettings loaded = ReadSettings(rules::ResolveLocations(SettingsInputsFromProcess(), project));
  std::vector<SettingsCheck> out;
  for (const auto& f : loaded.files) out.push_back({f, {}, {}});
  auto file_of = [&](const std::string& message) -> SettingsCheck& {
    for (auto& c : out)
      if (message.rfind(c.path + ":", 0) == 0) return c;
    auto colon = message.find(": ");
    out.push_back({colon == std::string::npos ? message : message.substr(0, colon), {}, {}});
    return out.back();
  };
  for (const auto& e : loaded.errors) file_of(e).errors.push_back(e);
  for (const auto& w : loaded.rules.warnings) file_of(w).warnings.push_back(w);
  return out;
}

const char* SettingsStatus(const SettingsCheck& c) {
  return !c.errors.empty() ? "INVALID" : !c.warnings.empty() ? "WARNINGS" : "OK";
}

const char* ConfigStatus(const ConfigFileCheck& c) {
  return !c.present ? "ABSENT" : c.problems.empty() ? "OK" : "INVALID";
}

nlohmann::json ToJson(const plan::DoctorFacts& facts, const std::vector<plan::DoctorRow>& rows,
                      const std::vector<ConfigFileCheck>& configs, const std::vector<SettingsCheck>& settings,
                      bool enforceable, bool ok) {
  nlohmann::json j;
  j["kernel"] = facts.kernel_release;
  j["uid"] = facts.uid;
  j["layers"] = nlohmann::json::array();
  for (const auto& r : rows) {
    j["layers"].push_back({{"name", r.name},
                           {"status", plan::DoctorStatusName(r.status)},
                           {"detail", r.detail},
                           {"fix", r.fix},
                           {"required", r.required}});
  }
  j["configs"] = nlohmann::json::array();
  for (const auto& c : configs) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : c.problems) problems.push_back(p.message);
    j["configs"].push_back({{"path", c.path},
                            {"role", c.role},
                            {"status", ConfigStatus(c)},
                            {"present", c.present},
                            {"trusted", c.trusted},
                            {"problems", problems}});
  }
  j["settings"] = nlohmann::json::array();
  for (const auto& s : settings) {
    j["settings"].push_back(
        {{"path", s.path}, {"status", SettingsStatus(s)}, {"errors", s.errors}, {"warnings", s.warnings}});
  }
  j["enforceable"] = enforceable;
  j["ok"] = ok;
  return j;
}

Tone ToneOf(const std::string& status) {
  if (status == "OK") return Tone::kGood;
  if (status == "MISSING" || status == "INVALID") return Tone::kBad;
  if (status == "ABSENT") return Tone::kDim;
  return Tone::kWarn;
}

// STATUS padded to the column, then painted (escape codes do not count).
std::string StatusCell(const std::string& status, bool color) {
  std::string padded = status;
  padded.resize(9, ' ');
  return Paint(padded, ToneOf(status), color);
}

void PrintTable(const std::vector<plan::DoctorRow>& rows, const std::vector<ConfigFileCheck>& configs,
                const std::vector<SettingsCheck>& settings, bool enforceable, bool ok) {
  bool color = ColorWanted(1);
  std::printf("%s\n", Paint("STATUS   LAYER           DETAIL", Tone::kBold, color).c_str());
  for (const auto& r : rows) {
    std::printf("%s%-15s %s%s\n", StatusCell(plan::DoctorStatusName(r.status), color).c_str(), r.name.c_str(),
                r.detail.c_str(), r.required ? "" : Paint(" (optional)", Tone::kDim, color).c_str());
    if (!r.fix.empty()) std::printf("%25sfix: %s\n", "", r.fix.c_str());
  }
  std::printf("\n%s\n", Paint("Config files", Tone::kBold, color).c_str());
  for (const auto& c : configs) {
    std::string what = c.role + (c.role == "project" && c.present ? (c.trusted ? ", trusted" : ", tighten only") : "");
    std::printf("%s%-15s %s\n", StatusCell(ConfigStatus(c), color).c_str(), what.c_str(), c.path.c_str());
    for (const auto& p : c.problems) std::printf("%25s%s\n", "", p.message.c_str());
  }
  std::printf("\n%s\n", Paint("Claude Code settings", Tone::kBold, color).c_str());
  if (settings.empty()) std::printf("%s(none found)\n", std::string(25, ' ').c_str());
  for (const auto& s : settings) {
    std::printf("%s%-15s %s\n", StatusCell(SettingsStatus(s), color).c_str(), "settings", s.path.c_str());
    for (const auto& e : s.errors) std::printf("%25s%s\n", "", e.c_str());
    for (const auto& w : s.warnings) std::printf("%25s%s\n", "", w.c_str());
  }
  std::printf("\n");
  if (ok) {
    std::printf("%s\n", Paint("This host can enforce every layer of a default run.", Tone::kGood, color).c_str());
  } else if (!enforceable) {
    std::printf(
        "%s\n",
        Paint("This host cannot enforce a default run: fix the MISSING layers above.", Tone::kBad, color).c_str());
  } else {
    std::printf("%s\n", Paint("Fix the INVALID files above.", Tone::kBad, color).c_str());
  }
}

int DoctorMain(int argc, char** argv) {
  CLI::App app{"Show which sandbox layers this host can enforce, why not, and the fix; check the config files.",
               "paddock doctor"};
  bool json = false;
  std::string project = ".";
  app.add_flag("--json", json, "Print JSON (keys: kernel, uid, layers, configs, settings, enforceable, ok)");
  app.add_option("--project", project, "The project whose config and settings files to check (default: .)");
  bool apparmor = false;
  std::string apparmor_for;
  app.add_flag("--apparmor-profile", apparmor,
               "Print the AppArmor profile that lets this paddock make user namespaces (Ubuntu 23.10+), and exit");
  app.add_option("--apparmor-profile-for", apparmor_for, "The same profile for paddock installed at PATH");
  app.footer(
      "Exit status: 0 when every layer of a default run can be enforced and every file is valid, 1 otherwise.\n\n"
      "Examples:\n"
      "  paddock doctor\n"
      "  paddock doctor --json | jq '.layers[] | select(.status != \"OK\")'\n"
      "  paddock doctor --project ~/src/app\n"
      "  paddock doctor --apparmor-profile | sudo tee /etc/apparmor.d/paddock && "
      "sudo apparmor_parser -r /etc/apparmor.d/paddock");
  if (auto code = ParseCommandLine(app, "doctor", argc, argv)) return *code;
  if (apparmor || !apparmor_for.empty()) {
    std::string binary = apparmor_for.empty() ? SelfPath() : apparmor_for;
    if (binary.empty() || binary[0] != '/' || binary.find_first_of("\"\n") != std::string::npos) {
      PrintError("cannot write an AppArmor profile for '" + binary + "': it needs an absolute path without quotes");
      return kExitPaddockError;
    }
    std::fputs(plan::AppArmorProfile(binary).c_str(), stdout);
    return 0;
  }
  std::error_code ec;
  std::string project_dir = std::filesystem::canonical(project, ec).string();
  if (ec) {
    PrintError(SysError("use project", project, ec.value()));
    return kExitPaddockError;
  }
  auto home = jail::RealHome();
  if (!home) {
    PrintError(home.error());
    return kExitPaddockError;
  }

  plan::DoctorFacts facts = jail::ProbeLayers(project_dir);
  auto rows = plan::DoctorLayers(facts);
  auto configs = CheckConfigFiles(project_dir, *home);
  auto settings = CheckSettings(project_dir);
  bool enforceable = plan::DefaultRunEnforceable(rows);
  bool files_ok = true;
  for (const auto& c : configs) files_ok = files_ok && c.problems.empty();
  for (const auto& s : settings) files_ok = files_ok && s.errors.empty();
  bool ok = enforceable && files_ok;
  if (json) std::printf("%s\n", ToJson(facts, rows, configs, settings, enforceable, ok).dump(2).c_str());
  else PrintTable(rows, configs, settings, enforceable, ok);
  return ok ? 0 : 1;
}

CommandRegistrar reg({"doctor", "show which layers this host can enforce, and how to fix what it cannot", &DoctorMain});

}  // namespace
}  // namespace paddock::cli
