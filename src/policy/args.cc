#include "policy/args.h"

namespace paddock::policy {

ArgsOutcome ParseArgs(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return {ArgsOutcome::kHelp, app.help()};  // a chosen subcommand's help when one was named
  } catch (const CLI::CallForAllHelp&) {
    return {ArgsOutcome::kHelp, app.help("", CLI::AppFormatMode::All)};
  } catch (const CLI::ParseError& e) {
    return {ArgsOutcome::kUsageError, e.what()};
  }
  return {};
}

}  // namespace paddock::policy
