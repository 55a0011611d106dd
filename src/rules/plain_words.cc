#include "rules/plain_words.h"

#include <string_view>

namespace paddock::rules {

Words PlainShellWords(const std::string& value) {
  static constexpr std::string_view kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+,:=@%^";
  Words out;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) out.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'' || c == '"') {
      // Quoted text is one literal part of the word, except what a double
      // quote still expands (`$`, backquotes, backslashes): then not plain.
      size_t close = value.find(c, i + 1);
      if (close == std::string::npos) return {};
      std::string_view inside(value.data() + i + 1, close - i - 1);
      if (c == '"' && inside.find_first_of("$`\\") != std::string_view::npos) return {};
      word += inside;
      i = close;
      continue;
    }
    if (kPlain.find(c) == std::string_view::npos) return {};
    word += c;
  }
  if (in_word) out.push_back(std::move(word));
  return out;
}

}  // namespace paddock::rules
