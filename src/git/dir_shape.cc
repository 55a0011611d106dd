#include "git/dir_shape.h"

namespace paddock::git {

uint32_t GitDirNameBit(std::string_view name) {
  if (name == "HEAD") return kHead;
  if (name == "objects") return kObjects;
  if (name == "refs") return kRefs;
  if (name == "commondir") return kCommondir;
  if (name == "config") return kConfig;
  return 0;
}

}  // namespace paddock::git
