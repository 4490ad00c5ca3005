#include "core/config/suggest.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace gatehouse::config {

std::size_t editDistance(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    // Optimal string alignment distance: three rows are enough.
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            }
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::optional<std::string> closestMatch(std::string_view typed, std::span<const std::string_view> known) {
    std::optional<std::string> best;
    std::size_t bestDistance = 0;
    for (std::string_view candidate : known) {
        const std::size_t d = editDistance(typed, candidate);
        if (!best || d < bestDistance) {
            best = std::string(candidate);
            bestDistance = d;
        }
    }
    // A typo changes a few characters; beyond a third of the word it is a different word.
    const std::size_t limit = std::max<std::size_t>(2, typed.size() / 3);
    if (best && bestDistance <= limit) return best;
    // "timeout" for "timeout_seconds": a known key that starts with what was typed.
    for (std::string_view candidate : known) {
        if (typed.size() >= 4 && candidate.starts_with(typed)) return std::string(candidate);
    }
    return std::nullopt;
}

} // namespace gatehouse::config
