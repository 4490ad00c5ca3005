#include "core/config/problem.h"

#include <algorithm>

namespace gatehouse::config {

const char* severityName(Severity severity) {
    return severity == Severity::error ? "error" : "warning";
}

bool hasErrors(const Problems& problems) {
    return countErrors(problems) > 0;
}

std::size_t countErrors(const Problems& problems) {
    return static_cast<std::size_t>(std::count_if(problems.begin(), problems.end(),
        [](const Problem& p) { return p.severity == Severity::error; }));
}

std::string formatProblem(const Problem& p) {
    std::string out = p.file + ": ";
    if (!p.path.empty()) out += p.path + ": ";
    out += std::string(severityName(p.severity)) + " [" + p.code + "] " + p.message;
    if (!p.hint.empty()) out += "\n    hint: " + p.hint;
    return out;
}

std::string childPath(const std::string& parent, const std::string& key) {
    // A key that is not a plain name (empty, or with '.', '[' or a space) is written as
    // ["..."], so that a path never reads as another one, nor as the whole document.
    const bool plain = !key.empty() && key.find_first_of(".[]\" \t") == std::string::npos;
    if (!plain) {
        std::string quoted = parent + "[\"";
        for (char c : key) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        return quoted + "\"]";
    }
    return parent.empty() ? key : parent + "." + key;
}

std::string indexPath(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

} // namespace gatehouse::config
