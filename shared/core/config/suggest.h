#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gatehouse::config {

// Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive.
std::size_t editDistance(std::string_view a, std::string_view b);

// The closest of `known` to `typed`, if it is close enough to be a likely typo.
std::optional<std::string> closestMatch(std::string_view typed, std::span<const std::string_view> known);

} // namespace gatehouse::config
