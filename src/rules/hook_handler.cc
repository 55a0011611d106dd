#include "rules/hook_handler.h"

#include <string_view>

namespace paddock::rules {
namespace {

using nlohmann::json;

// The characters a word may hold and mean the same to the shell unquoted (the
// set hook::ShellWord leaves bare).
bool PlainWord(std::string_view s) {
  return !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:,@%") ==
                           std::string_view::npos;
}

bool IsExecForm(const json& handler) { return handler.contains("args"); }

}  // namespace

json HookHandler(const std::string& command_line) {
  json h = {{"type", "command"}};
  SetHandlerCommandLine(h, command_line);
  h["timeout"] = 30;
  return h;
}

std::string HandlerCommandLine(const json& handler) {
  if (!handler.is_object() || !handler.contains("command") || !handler["command"].is_string()) return "";
  std::string line = handler["command"].get<std::string>();
  if (!IsExecForm(handler)) return line;
  const json& args = handler["args"];
  if (!args.is_array() || !PlainWord(line)) return "";
  for (const auto& a : args) {
    if (!a.is_string() || !PlainWord(a.get<std::string>())) return "";
    line += " " + a.get<std::string>();
  }
  return line;
}

void SetHandlerCommandLine(json& handler, const std::string& command_line) {
  handler["command"] = command_line;
  if (PlainWord(command_line)) handler["args"] = json::array();
  else handler.erase("args");
}

bool MoveToExecForm(json& handler) {
  std::string line = HandlerCommandLine(handler);
  if (line.empty() || IsExecForm(handler) || !PlainWord(line)) return false;
  handler["args"] = json::array();
  return true;
}

}  // namespace paddock::rules
