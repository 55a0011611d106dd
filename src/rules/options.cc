#include "rules/options.h"

#include "rules/normalize.h"

namespace paddock::rules {
namespace {

enum class LongKind { kNone, kFlag, kWithArg, kOptional };

bool In(const std::vector<std::string_view>& list, std::string_view name) {
  for (auto n : list)
    if (n == name) return true;
  return false;
}

// Resolves a long option name as getopt_long does: an exact name wins, else a
// prefix of exactly one name. Ambiguous or unknown: kNone.
LongKind FindLong(const OptionTable& t, std::string_view name, std::string* full) {
  const std::pair<const std::vector<std::string_view>*, LongKind> lists[] = {{&t.long_flags, LongKind::kFlag},
                                                                             {&t.long_with_arg, LongKind::kWithArg},
                                                                             {&t.long_optional, LongKind::kOptional}};
  for (const auto& [list, kind] : lists)
    if (In(*list, name)) {
      *full = std::string(name);
      return kind;
    }
  if (!t.abbreviations || name.empty()) return LongKind::kNone;
  LongKind found = LongKind::kNone;
  int matches = 0;
  for (const auto& [list, kind] : lists)
    for (auto n : *list)
      if (n.substr(0, name.size()) == name) {
        ++matches;
        found = kind;
        *full = std::string(n);
      }
  return matches == 1 ? found : LongKind::kNone;
}

bool HasChar(std::string_view set, char c) { return c != '\0' && set.find(c) != std::string_view::npos; }

}  // namespace

bool ParsedOptions::Has(std::string_view name) const { return Last(name) != nullptr; }

const ParsedOption* ParsedOptions::Last(std::string_view name) const {
  for (auto it = options.rbegin(); it != options.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

ParsedOptions ParseOptions(const Words& w, size_t start, const OptionTable& t) {
  ParsedOptions out;
  auto unsure = [&](const std::string& what) {
    if (out.uncertain.empty()) out.uncertain = what;
  };
  size_t i = start;
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--") {
      out.end_marker = true;
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;  // an operand (or "-")
    if (a[1] == '-') {
      size_t eq = a.find('=');
      std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      std::string full;
      LongKind kind = IsDynamic(name) ? LongKind::kNone : FindLong(t, name, &full);
      ParsedOption o{"--" + (full.empty() ? name : full), std::nullopt, i, 0};
      if (eq != std::string::npos) o.value = a.substr(eq + 1);
      switch (kind) {
        case LongKind::kNone: unsure("unknown option '" + Display(a) + "'"); break;
        case LongKind::kWithArg:
          if (!o.value && i + 1 < w.size()) o.value = w[++i];
          break;
        case LongKind::kFlag:
        case LongKind::kOptional: break;
      }
      o.end = i + 1;
      out.options.push_back(std::move(o));
      ++i;
      continue;
    }
    size_t next = i + 1;
    for (size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      ParsedOption o{std::string("-") + c, std::nullopt, i, j};
      if (HasChar(t.with_arg, c)) {
        if (j + 1 < a.size()) o.value = a.substr(j + 1);
        else if (i + 1 < w.size()) o.value = w[next++];
        o.end = next;
        out.options.push_back(std::move(o));
        break;
      }
      if (HasChar(t.optional_arg, c)) {
        if (j + 1 < a.size()) o.value = a.substr(j + 1);
        o.end = next;
        out.options.push_back(std::move(o));
        break;
      }
      o.end = next;
      if (!HasChar(t.flags, c)) unsure("unknown option '-" + Display(std::string(1, c)) + "' in '" + Display(a) + "'");
      out.options.push_back(std::move(o));
    }
    i = next;
  }
  out.operand = std::min(i, w.size());
  return out;
}

ParsedOptions ParsePermutedOptions(const Words& w, size_t start, const OptionTable& t, std::vector<size_t>* operands) {
  ParsedOptions all;
  size_t i = start;
  while (i < w.size()) {
    ParsedOptions p = ParseOptions(w, i, t);
    all.options.insert(all.options.end(), p.options.begin(), p.options.end());
    if (all.uncertain.empty()) all.uncertain = p.uncertain;
    i = p.operand;
    if (p.end_marker) {
      all.end_marker = true;
      for (; i < w.size(); ++i) operands->push_back(i);
      break;
    }
    if (i < w.size()) operands->push_back(i++);
  }
  all.operand = w.size();
  return all;
}

}  // namespace paddock::rules
