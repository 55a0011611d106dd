#include "config/toml_values.h"

#include <sstream>

namespace paddock::config {
namespace {

std::string Position(const std::string& source, const toml::source_region& where) {
  return source + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
}

std::optional<std::string> Scalar(const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* f = node.as_floating_point()) {
    std::string text = std::to_string(f->get());
    while (text.size() > 1 && text.back() == '0' && text[text.size() - 2] != '.') text.pop_back();
    return text;
  }
  return std::nullopt;
}

nlohmann::json NodeToJson(const toml::node& node) {
  if (const auto* t = node.as_table()) return ToJson(*t);
  if (const auto* a = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : *a) out.push_back(NodeToJson(item));
    return out;
  }
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* b = node.as_boolean()) return b->get();
  std::string text;
  node.visit([&](const auto& v) {
    if constexpr (toml::is_date<decltype(v)> || toml::is_time<decltype(v)> || toml::is_date_time<decltype(v)>) {
      std::ostringstream os;
      os << v;
      text = os.str();
    }
  });
  return text;
}

}  // namespace

Error At(const std::string& source, const toml::node& node, const std::string& key, const std::string& reason) {
  return Error{Position(source, node.source()) + ": " + key + ": " + reason}.WithLayer("config");
}

Error ParseFailure(const std::string& source, const toml::parse_error& error) {
  return Error{Position(source, error.source()) + ": " + std::string(error.description())}.WithLayer("config");
}

Error Joined(const Problems& problems) {
  Error out = problems.front();
  for (size_t i = 1; i < problems.size(); ++i) out.message += "; " + problems[i].message;
  return out;
}

Result<std::vector<std::optional<std::string>>> OptionValues(const toml::node& node) {
  std::vector<std::optional<std::string>> out;
  if (const auto* b = node.as_boolean()) {
    if (b->get()) out.emplace_back(std::nullopt);
    return out;
  }
  if (auto v = Scalar(node)) return std::vector<std::optional<std::string>>{*v};
  if (const auto* a = node.as_array()) {
    for (const auto& item : *a) {
      auto v = Scalar(item);
      if (!v) return Error{"a list may hold only strings and numbers"};
      out.emplace_back(std::move(v));
    }
    return out;
  }
  return Error{"expected a string, a number, true/false or a list"};
}

nlohmann::json ToJson(const toml::table& table) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, node] : table) out[std::string(key.str())] = NodeToJson(node);
  return out;
}

const toml::node* Fields::Take(const std::string& key, bool required) {
  seen_.insert(key);
  const toml::node* node = table_.get(key);
  if (!node && required) problems_.push_back(At(source_, table_, Name(key), "missing"));
  return node;
}

void Fields::Require(const std::string& key, std::string& out) {
  if (const auto* node = Take(key, true)) {
    if (const auto* s = node->as_string()) out = s->get();
    else problems_.push_back(At(source_, *node, Name(key), "must be a string"));
  }
}

void Fields::Optional(const std::string& key, std::string& out) {
  if (table_.get(key)) Require(key, out);
  else seen_.insert(key);
}

void Fields::Require(const std::string& key, std::vector<std::string>& out) {
  const auto* node = Take(key, true);
  if (!node) return;
  const auto* a = node->as_array();
  bool ok = a != nullptr;
  if (a) {
    for (const auto& item : *a) {
      if (const auto* s = item.as_string()) out.push_back(s->get());
      else ok = false;
    }
  }
  if (!ok) problems_.push_back(At(source_, *node, Name(key), "must be a list of strings"));
}

void Fields::Optional(const std::string& key, std::vector<std::string>& out) {
  if (table_.get(key)) Require(key, out);
  else seen_.insert(key);
}

const toml::table* Fields::Table(const std::string& key) {
  const toml::node* node = Take(key, false);
  if (!node) return nullptr;
  if (const auto* t = node->as_table()) return t;
  problems_.push_back(At(source_, *node, Name(key), "must be a table"));
  return nullptr;
}

void Fields::RejectUnknown() {
  for (const auto& [key, node] : table_) {
    std::string k(key.str());
    if (!seen_.count(k)) problems_.push_back(At(source_, node, Name(k), "unknown key"));
  }
}

}  // namespace paddock::config
